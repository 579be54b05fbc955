// A spec whose parameters use OpenAPI's non-default styles: the generator emits their `params`
// facts, and the generated operation function sends what OpenAPI 3.1's "Style Examples" write.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCore } from "@specforge/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain .mjs package without types
import { emitClientFiles, operationTable, paramFormats } from "../src/index.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const array = { type: "array", items: { type: "string" } };
const object = {
  type: "object",
  properties: { R: { type: "integer" }, G: { type: "integer" }, B: { type: "integer" } },
};
const ok = { 200: { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };

/** The fixture spec: one operation per location, each parameter in a style the Style Examples list. */
const spec = {
  openapi: "3.1.0",
  info: { title: "param styles", version: "1" },
  servers: [{ url: "https://api.example.test/v1" }],
  paths: {
    "/label/{color}/matrix{shape}/{plain}": {
      get: {
        operationId: "path_styles",
        parameters: [
          { name: "color", in: "path", required: true, style: "label", explode: true, schema: array },
          { name: "shape", in: "path", required: true, style: "matrix", schema: object },
          { name: "plain", in: "path", required: true, style: "simple", explode: false, schema: { type: "string" } },
        ],
        responses: ok,
      },
    },
    "/search": {
      get: {
        operationId: "query_styles",
        parameters: [
          { name: "filter", in: "query", style: "deepObject", explode: true, schema: object },
          { name: "ids", in: "query", style: "form", explode: false, schema: array },
          { name: "words", in: "query", style: "spaceDelimited", schema: array },
          { name: "bars", in: "query", style: "pipeDelimited", explode: false, schema: array },
          { name: "file", in: "query", allowReserved: true, schema: { type: "string" } },
          // The defaults, spelled out: no params fact for these.
          { name: "tag", in: "query", style: "form", explode: true, schema: array },
          { name: "X-Color", in: "header", explode: true, schema: object },
          { name: "color", in: "cookie", explode: false, schema: array },
        ],
        responses: ok,
      },
    },
    "/plain/{id}": {
      get: {
        operationId: "all_defaults",
        parameters: [
          { name: "id", in: "path", required: true, style: "simple", explode: false, schema: { type: "string" } },
          { name: "tag", in: "query", explode: true, schema: array },
          { name: "X-Id", in: "header", style: "simple", schema: { type: "string" } },
          { name: "session", in: "cookie", style: "form", explode: true, schema: { type: "string" } },
        ],
        responses: ok,
      },
    },
    "/single/{id}": {
      get: {
        operationId: "single_values",
        parameters: [
          { name: "id", in: "path", required: true, schema: { oneOf: [{ type: "string" }, { enum: ["personal"] }] } },
          { name: "n", in: "query", schema: { type: ["integer", "null"] } },
          { name: "X-Id", in: "header", schema: { allOf: [{ type: "string" }, { minLength: 1 }] } },
          { name: "session", in: "cookie", schema: { const: "s" } },
        ],
        responses: ok,
      },
    },
  },
};

const blue = ["blue", "black", "brown"];
const rgb = { R: 100, G: 200, B: 150 };

type Sent = { url: string; headers: Headers };
type OperationFn = (core: unknown, init?: object) => Promise<unknown>;
let dir: string;
let generated: Record<string, OperationFn>;

beforeAll(async () => {
  const files = await emitClientFiles({ name: "styles", rootRel: "styles.yaml" }, { bundled: structuredClone(spec) });
  // Inside the package, so the generated file's `@specforge/runtime` import resolves as a client's does.
  dir = await fs.mkdtemp(path.join(here, ".generated-"));
  for (const [name, content] of files) await fs.writeFile(path.join(dir, name), content);
  generated = await import(path.join(dir, "operations.gen.ts"));
}, 60_000);
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function send(fn: OperationFn, init: object): Promise<Sent> {
  let sent: Sent | undefined;
  const core = createCore({
    baseUrl: "https://api.example.test/v1",
    fetch: async (input, request) => {
      sent = { url: String(input instanceof Request ? input.url : input), headers: new Headers(request?.headers) };
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  await fn(core, init);
  if (!sent) throw new Error("the operation sent no request");
  return sent;
}

describe("non-default parameter styles", () => {
  it("the operation table holds each non-default style, explode and allowReserved, and nothing for defaults", () => {
    const table = operationTable(structuredClone(spec));
    expect(table.path_styles.params).toEqual({
      path: { color: { style: "label", explode: true }, shape: { style: "matrix" } },
    });
    expect(table.query_styles.params).toEqual({
      query: {
        filter: { style: "deepObject", explode: true },
        ids: { explode: false },
        words: { style: "spaceDelimited" },
        bars: { style: "pipeDelimited" },
        file: { allowReserved: true },
      },
      header: { "X-Color": { explode: true } },
      cookie: { color: { explode: false } },
    });
    expect(table.all_defaults.params).toBeUndefined();
    expect(
      paramFormats([{ name: "q", in: "query", style: "form", explode: true, allowReserved: false }]),
    ).toBeUndefined();
  });

  it("the generated operation puts label, matrix and simple path parameters as the Style Examples write them", async () => {
    const { url } = await send(generated.path_styles, { path: { color: blue, shape: rgb, plain: "x y" } });
    expect(url).toBe("https://api.example.test/v1/label/.blue.black.brown/matrix;shape=R,100,G,200,B,150/x%20y");
  });

  it("the generated operation writes deepObject, form unexploded, space- and pipe-delimited and allowReserved queries", async () => {
    const { url } = await send(generated.query_styles, {
      query: { filter: rgb, ids: blue, words: blue, bars: blue, file: "/files/a:b c", tag: ["x", "y"] },
    });
    expect(url).toBe(
      "https://api.example.test/v1/search?filter[R]=100&filter[G]=200&filter[B]=150&ids=blue,black,brown" +
        // `|` is no URI character (RFC 3986): percent-encoded, as docs/decisions.md's wire entry says.
        "&words=blue%20black%20brown&bars=blue%7Cblack%7Cbrown&file=/files/a:b%20c&tag=x&tag=y",
    );
  });

  it("the generated operation sends an exploded object header and an unexploded cookie list", async () => {
    const { headers } = await send(generated.query_styles, { header: { "X-Color": rgb }, cookie: { color: blue } });
    expect(headers.get("x-color")).toBe("R=100,G=200,B=150");
    expect(headers.get("cookie")).toBe("color=blue,black,brown");
  });

  it("an operation whose parameters all take the defaults gets no params fact; a list parameter brings styleParams", async () => {
    const files = await emitClientFiles({ name: "styles", rootRel: "styles.yaml" }, { bundled: structuredClone(spec) });
    const code = files.get("operations.gen.ts");
    expect(code).toContain(`("all_defaults", "GET", "/plain/{id}", {"idempotent":true,"serialize":styleParams});`);
    const { url } = await send(generated.all_defaults, { path: { id: "a/b" }, query: { tag: ["x", "y"] } });
    expect(url).toBe("https://api.example.test/v1/plain/a%2Fb?tag=x&tag=y");
  });

  it("an operation whose parameters are single values (types, unions, enums) ships without styleParams", async () => {
    const files = await emitClientFiles({ name: "styles", rootRel: "styles.yaml" }, { bundled: structuredClone(spec) });
    expect(files.get("operations.gen.ts")).toContain(`("single_values", "GET", "/single/{id}", {"idempotent":true});`);
    const { url, headers } = await send(generated.single_values, {
      path: { id: "personal" },
      query: { n: 3 },
      header: { "X-Id": "a b" },
      cookie: { session: "s" },
    });
    expect(url).toBe("https://api.example.test/v1/single/personal?n=3");
    expect(headers.get("x-id")).toBe("a b");
    expect(headers.get("cookie")).toBe("session=s");
  });
});
