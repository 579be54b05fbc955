/**
 * Path encoding (identities with `#`, doc names with `/`) and the `X-TrustedTwin` dictionary header.
 */
import { describe, expect, inject, it } from "vitest";
import { createTrustedTwinClient, encodeDictionary, type TrustedTwinClientOptions } from "../src/index.js";

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";
const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

/** A client whose requests (and the mock's statuses) are recorded. */
function recorded(options: Partial<TrustedTwinClientOptions> = {}) {
  const requests: Request[] = [];
  const statuses: number[] = [];
  const tt = createTrustedTwinClient({
    secret: SECRET,
    baseUrl,
    maxRetries: 0,
    ...options,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      const response = await fetch(request);
      statuses.push(response.status);
      return response;
    },
  });
  return { tt, requests, statuses };
}

/** The path as it went on the wire (the URL parser keeps percent-escapes as sent). */
const wirePath = (request: Request) => new URL(request.url).pathname;

/** Decodes an X-TrustedTwin value: standard base64 of UTF-8 JSON. */
function decodeDictionary(value: string | null): unknown {
  expect(value).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  return JSON.parse(Buffer.from(value!, "base64").toString("utf8"));
}

describe("path encoding", () => {
  const identity = "RFID#123";
  const docName = "reports/2024/q1.pdf";

  it("an identity with # reaches /twins/{twin}/identities/RFID%23123 (get, update, delete) and the mock answers 2xx", async () => {
    const { tt, requests, statuses } = recorded();
    await tt.get_twin_identity({ path: { twin: TWIN, identity } });
    await tt.update_twin_identity({ path: { twin: TWIN, identity }, body: { validity_ts: null } });
    await tt.delete_twin_identity({ path: { twin: TWIN, identity } });
    expect(requests.map((r) => `${r.method} ${wirePath(r)}`)).toEqual([
      `GET /twins/${TWIN}/identities/RFID%23123`,
      `PATCH /twins/${TWIN}/identities/RFID%23123`,
      `DELETE /twins/${TWIN}/identities/RFID%23123`,
    ]);
    for (const r of requests) expect(new URL(r.url).hash).toBe(""); // the # never became a fragment
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
  });

  it("resolve_twin_identity encodes the identity: /resolve/RFID%23123", async () => {
    const { tt, requests, statuses } = recorded();
    const resolved = await tt.resolve_twin_identity({ path: { identity } });
    expect(wirePath(requests[0]!)).toBe("/resolve/RFID%23123");
    expect(statuses).toEqual([200]);
    expect(Array.isArray(resolved.twins)).toBe(true);
  });

  it("the mock checks the decoded identity against the spec's pattern: unencoded, # would start a fragment → 400", async () => {
    const raw = await fetch(`${baseUrl}/resolve/RFID#123`, { headers: { authorization: SECRET } }); // path is /resolve/RFID
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { description: string }).description).toMatch(/identity/);
    const encoded = await fetch(`${baseUrl}/resolve/RFID%23123`, { headers: { authorization: SECRET } });
    expect(encoded.status).toBe(200);
  });

  it("a doc name with / reaches /twins/{twin}/docs/reports%2F2024%2Fq1.pdf (get, update, delete) and the mock answers 2xx", async () => {
    const { tt, requests, statuses } = recorded();
    await tt.get_twin_doc({ path: { twin: TWIN, doc_name: docName } });
    await tt.update_twin_doc({ path: { twin: TWIN, doc_name: docName }, body: { description: { revision: 2 } } });
    await tt.delete_twin_doc({ path: { twin: TWIN, doc_name: docName } });
    expect(requests.map((r) => `${r.method} ${wirePath(r)}`)).toEqual([
      `GET /twins/${TWIN}/docs/reports%2F2024%2Fq1.pdf`,
      `PATCH /twins/${TWIN}/docs/reports%2F2024%2Fq1.pdf`,
      `DELETE /twins/${TWIN}/docs/reports%2F2024%2Fq1.pdf`,
    ]);
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
  });
});

describe("X-TrustedTwin dictionary", () => {
  const perClient = { serial: "AB123", site: "Łódź" }; // non-ASCII: the JSON is UTF-8 before base64
  const perCall = { serial: "ZZ999", nested: { ok: true } };

  it("per-client dictionary: every call carries base64 of its UTF-8 JSON", async () => {
    const { tt, requests } = recorded({ dictionary: perClient });
    await tt.who_am_i();
    await tt.get_twin({ path: { twin: TWIN } });
    for (const r of requests) {
      expect(r.headers.get("x-trustedtwin")).toBe(Buffer.from(JSON.stringify(perClient), "utf8").toString("base64"));
      expect(decodeDictionary(r.headers.get("x-trustedtwin"))).toEqual(perClient);
    }
  });

  it("per-call { dictionary } replaces the client's for that call only", async () => {
    const { tt, requests, statuses } = recorded({ dictionary: perClient });
    await tt.get_twin({ path: { twin: TWIN } }, { dictionary: perCall });
    await tt.get_twin({ path: { twin: TWIN } });
    expect(decodeDictionary(requests[0]!.headers.get("x-trustedtwin"))).toEqual(perCall);
    expect(decodeDictionary(requests[1]!.headers.get("x-trustedtwin"))).toEqual(perClient);
    expect(statuses).toEqual([200, 200]); // the mock accepts the header
  });

  it("per-call dictionary without a client dictionary; none at all sends no header", async () => {
    const { tt, requests } = recorded();
    await tt.who_am_i(undefined, { dictionary: perCall });
    await tt.who_am_i();
    expect(decodeDictionary(requests[0]!.headers.get("x-trustedtwin"))).toEqual(perCall);
    expect(requests[1]!.headers.has("x-trustedtwin")).toBe(false);
  });

  it("encodeDictionary is standard base64 (+ and /, padded) of the UTF-8 JSON", () => {
    const dict = { k: "ÿÿÿ~~~>>>" }; // UTF-8 bytes whose base64 has + and / (not the URL-safe - and _)
    const encoded = encodeDictionary(dict);
    expect(encoded).toBe("eyJrIjoiw7/Dv8O/fn5+Pj4+In0=");
    expect(decodeDictionary(encoded)).toEqual(dict);
  });
});
