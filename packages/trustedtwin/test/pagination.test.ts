/**
 * Every paginated operation's iterator crosses the mock's three pages and stops on the end signal;
 * a server that repeats a cursor (or a page) never makes an iterator loop.
 */
import { describe, expect, inject, it } from "vitest";
import { createTrustedTwinClient, type TrustedTwinClientOptions } from "../src/index.js";
import { operationFunctions } from "../src/generated/trustedtwin/operations.gen.js";
import { operationTable as specTable } from "@specforge/mock/testing";

/** Each operation function\'s spec (method, path, credentials, paging), by operationId. */
const operationTable = specTable(operationFunctions);

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";
const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

/** A client whose requests are recorded; `rewrite` may change each JSON response body. */
function client(
  rewrite?: (body: Record<string, unknown>, url: URL) => Record<string, unknown>,
  options: Partial<TrustedTwinClientOptions> = {},
) {
  const urls: URL[] = [];
  const tt = createTrustedTwinClient({
    secret: SECRET,
    baseUrl,
    maxRetries: 0,
    ...options,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      urls.push(url);
      const response = await fetch(request);
      if (!rewrite || !response.ok) return response;
      const body = rewrite((await response.json()) as Record<string, unknown>, url);
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: { "content-type": "application/json" },
      });
    },
  });
  return { tt, urls };
}

/** Drains an iterator, failing (instead of hanging) past `cap` items. */
async function drain<T>(iterable: AsyncIterable<T>, cap = 100): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length > cap) throw new Error(`iterator yielded more than ${cap} items: it loops`);
  }
  return items;
}

const param = (name: string) => (url: URL) => url.searchParams.get(name);

describe("pagination over the mock's three pages", () => {
  it("every paginated operation of the spec is covered below", () => {
    const paginated = Object.entries(operationTable)
      .filter(([, entry]) => "pagination" in entry)
      .map(([name]) => name)
      .sort();
    expect(paginated).toEqual([
      "get_batches",
      "get_log",
      "get_twin_ledger_entry_history",
      "list_stickers",
      "scan_twins",
    ]);
  });

  it("scan_twins: cursor pages c2, c3, then a null cursor ends it", async () => {
    const { tt, urls } = client();
    const twins = await drain(tt.paginate.scan_twins());
    expect(twins).toHaveLength(5);
    expect(twins.every((t) => typeof t === "string" && /^[0-9a-f-]{36}$/.test(t))).toBe(true);
    expect(new Set(twins).size).toBe(5);
    expect(urls.map((u) => u.pathname)).toEqual(["/twins", "/twins", "/twins"]);
    expect(urls.map(param("cursor"))).toEqual([null, "c2", "c3"]);
  });

  it("get_batches: map items as [uuid, status], cursor pages, a null cursor ends it", async () => {
    const { tt, urls } = client();
    const batches = await drain(tt.paginate.get_batches());
    expect(batches).toHaveLength(5);
    for (const [uuid, status] of batches as [string, string][]) {
      expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(status).toBeTypeOf("string");
    }
    expect(urls.map(param("cursor"))).toEqual([null, "c2", "c3"]);
  });

  it("list_stickers with limit 2: offsets 0, 2, 4; a short page ends it", async () => {
    const { tt, urls } = client();
    const stickers = await drain(tt.paginate.list_stickers({ query: { limit: 2 } }));
    expect(stickers).toHaveLength(5);
    const created = (stickers as { created_ts: number }[]).map((s) => s.created_ts);
    expect(created).toEqual([...created].sort((a, b) => b - a)); // newest first
    expect(urls.map(param("offset"))).toEqual(["0", "2", "4"]);
    expect(urls.map(param("limit"))).toEqual(["2", "2", "2"]);
  });

  it("get_twin_ledger_entry_history with limit 2: windows bounded by le, newest first; a short window ends it", async () => {
    const { tt, urls } = client();
    const records = await drain(
      tt.paginate.get_twin_ledger_entry_history({ path: { twin: TWIN, ledger: "personal" }, query: { limit: 2 } }),
    );
    expect(records).toHaveLength(5);
    expect(records.map((r) => r.key)).toEqual(Array(5).fill("temp_c"));
    expect(records.map((r) => r.timestamp)).toEqual([1700000200, 1700000100, 1700000050, 1700000000, 1699999900]);
    expect(records.map((r) => r.value)).toEqual([21.5, 21.3, 21.1, 20.9, 20.7]);
    expect(urls.map((u) => u.pathname)).toEqual(Array(3).fill(`/twins/${TWIN}/ledgers/personal/history`));
    expect(urls.map(param("le"))).toEqual([null, "1700000099.999", "1699999999.999"]);
  });

  it("get_log: fragments f2, f3; an empty page ends it", async () => {
    const { tt, urls } = client();
    const messages = await drain(tt.paginate.get_log());
    expect(messages).toHaveLength(3);
    expect(messages.every((m) => typeof m === "string")).toBe(true);
    expect(urls.map(param("fragment"))).toEqual([null, "f2", "f3"]);
  });
});

describe("pagination never loops forever", () => {
  it("scan_twins: a server repeating the cursor it was sent → stops after that page", async () => {
    const { tt, urls } = client((body) => ({ ...body, cursor: "c2" }));
    const twins = await drain(tt.paginate.scan_twins());
    expect(twins).toHaveLength(4);
    expect(urls.map(param("cursor"))).toEqual([null, "c2"]);
  });

  it("get_batches: a cursor cycle (c2 → c3 → c2) → stops when a cursor comes back", async () => {
    const { tt, urls } = client((body, url) => ({
      ...body,
      cursor: url.searchParams.get("cursor") === "c3" ? "c2" : body.cursor,
    }));
    const batches = await drain(tt.paginate.get_batches());
    expect(batches).toHaveLength(5);
    expect(urls.map(param("cursor"))).toEqual([null, "c2", "c3"]);
  });

  it("get_log: a server answering every fragment with the same fragment and messages → stops", async () => {
    const { tt, urls } = client((body) => ({ ...body, fragment: "f2" }));
    const messages = await drain(tt.paginate.get_log());
    expect(messages).toHaveLength(3);
    expect(urls.map(param("fragment"))).toEqual([null, "f2"]);
  });

  it("list_stickers: a server ignoring the offset (always the first page) → stops on the repeated page", async () => {
    const { tt, urls } = client(undefined, {});
    const firstPage = await tt.list_stickers({ query: { limit: 2, offset: 0 } });
    urls.length = 0;
    const { tt: stuck, urls: stuckUrls } = client(() => firstPage as unknown as Record<string, unknown>);
    const stickers = await drain(stuck.paginate.list_stickers({ query: { limit: 2 } }));
    expect(stickers).toHaveLength(2);
    expect(stuckUrls.map(param("offset"))).toEqual(["0", "2"]);
  });
});
