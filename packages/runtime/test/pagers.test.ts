// Each operation carries its paging style's paginator (`pages`), so a bundle keeps only the
// paginators of the operations it uses; an operation with paging data but no paginator fails
// with a TypeError that names the fix.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as runtime from "../src/index.js";
import {
  createApiClient,
  createCore,
  cursorPages,
  operation,
  PAGERS,
  PAGING_STYLES,
  pageThrough,
  paginate,
  type PaginationSpec,
} from "../src/index.js";
import { json, scripted } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));

const cursor: PaginationSpec = { style: "cursor", items: "items", cursorParam: "after", nextCursor: "next" };
const book: Record<string, unknown> = {
  "": { items: [1, 2], next: "c2" },
  c2: { items: [3], next: null },
};

/** A core whose fetch answers from `book` by the `after` query parameter. */
function bookCore() {
  const wire = scripted([], (request) => json(200, book[new URL(request.url).searchParams.get("after") ?? ""]));
  return createCore({ baseUrl: "http://api.test", fetch: wire.fetch, maxRetries: 0 });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("one paginator per paging style", () => {
  it("PAGERS has one for each style of paging-styles.js, exported as <style>Pages (what the generator imports)", () => {
    expect(Object.keys(PAGERS).sort()).toEqual(Object.keys(PAGING_STYLES).sort());
    for (const style of Object.keys(PAGING_STYLES) as (keyof typeof PAGERS)[]) {
      expect(typeof PAGERS[style]).toBe("function");
      expect((runtime as Record<string, unknown>)[`${style}Pages`]).toBe(PAGERS[style]);
    }
  });

  it("pageThrough without a paginator throws a TypeError naming the style's", () => {
    expect(() => pageThrough(cursor, {}, async () => ({}), undefined as never)).toThrow(
      new TypeError(
        'no paginator for the "cursor" paging style: pass cursorPages (exported by @specforge/runtime) as pages',
      ),
    );
  });
});

describe("an operation's paginator travels with it", () => {
  it("paginate and client.paginate iterate with the operation's `pages`", async () => {
    const list = operation("list", "GET", "/items", { idempotent: true, pagination: cursor, pages: cursorPages });
    expect(await collect(paginate(bookCore(), list as never))).toEqual([1, 2, 3]);
    const client = createApiClient<runtime.Core & { paginate: { list: () => AsyncIterable<number> } }>(bookCore(), {
      list,
    });
    expect(await collect(client.paginate.list())).toEqual([1, 2, 3]);
    // The paging data stays plain data, readable as before.
    expect(list.operation.pagination).toEqual(cursor);
  });

  it("an operation with paging data only (no `pages`) fails with a TypeError naming the fix", () => {
    const list = operation("list_things", "GET", "/items", { pagination: cursor });
    const fix = new TypeError(
      "list_things has no paginator: add `pages: cursorPages` (exported by @specforge/runtime) to its facts, or regenerate the client",
    );
    expect(() => paginate(bookCore(), list as never)).toThrow(fix);
    const client = createApiClient<runtime.Core & { paginate: { list: () => AsyncIterable<unknown> } }>(bookCore(), {
      list,
    });
    expect(() => client.paginate.list()).toThrow(fix);
  });
});

describe("a bundle keeps only the paginators its operations use", () => {
  async function bundle(entry: string): Promise<string> {
    const result = await build({
      stdin: { contents: entry, resolveDir: here, loader: "ts" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0]!.text;
  }
  const ops = `
    import { createApiClient, createCore, cursorPages, offsetPages, windowPages, operation } from "../src/index.js";
    const cursor = /* @__PURE__ */ operation("a", "GET", "/a", { pagination: { style: "cursor", items: "i", cursorParam: "c", nextCursor: "n" }, pages: cursorPages });
    const offset = /* @__PURE__ */ operation("b", "GET", "/b", { pagination: { style: "offset", items: "i", limitParam: "l", offsetParam: "o" }, pages: offsetPages });
    const window = /* @__PURE__ */ operation("c", "GET", "/c", { pagination: { style: "window", items: "i", upperParam: "u" }, pages: windowPages });
    const core = createCore({ baseUrl: "http://api.test" });`;

  it("a client object of cursor-paged operations bundles the cursor paginator alone", async () => {
    const code = await bundle(`${ops}\nexport const client = createApiClient(core, { cursor });`);
    expect(code).toContain("function* cursorPages(");
    expect(code).not.toContain("offsetPages");
    expect(code).not.toContain("windowPages");
    expect(code).not.toContain("PAGERS");
  });

  it("one that uses every style bundles every paginator", async () => {
    const code = await bundle(`${ops}\nexport const client = createApiClient(core, { cursor, offset, window });`);
    for (const name of ["cursorPages", "offsetPages", "windowPages"]) expect(code).toContain(`function* ${name}(`);
  });
});
