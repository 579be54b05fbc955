// The docs' code samples (samples.mjs) and the example request they show (request-examples.mjs),
// on a made-up API: the TypeScript call a reader copies, the curl line that reaches the same
// endpoint with the credential where the scheme says, and the values taken from the spec.
import { describe, expect, it } from "vitest";
import { requestOf } from "../src/request-examples.mjs";
import {
  addCodeSamples,
  curlSample,
  parseCurl,
  queryString,
  sampleContext,
  tsLiteral,
  typescriptSample,
} from "../src/samples.mjs";

const doc = {
  openapi: "3.1.0",
  servers: [{ url: "https://api.example.test/v1/" }],
  security: [{ ApiKey: [] }],
  paths: {
    "/things/{thing_id}": {
      parameters: [{ name: "thing_id", in: "path", required: true, schema: { type: "string" }, example: "path-item" }],
      get: {
        operationId: "get_thing",
        parameters: [
          { name: "thing_id", in: "path", required: true, schema: { type: "string" }, example: "t 1" },
          { name: "fields", in: "query", schema: { type: "array", items: { type: "string" } }, example: ["a", "b"] },
          { name: "verbose", in: "query", schema: { type: "boolean" } },
        ],
        responses: {
          200: { description: "The thing", content: { "application/json": { schema: { type: "object" } } } },
        },
      },
    },
    "/things": {
      get: {
        operationId: "list_things",
        security: [],
        parameters: [
          { name: "after", in: "query", schema: { type: "string" }, example: "cursor-2" },
          { name: "limit", in: "query", required: true, schema: { type: "integer", minimum: 5 } },
        ],
        "x-pagination": { style: "cursor", items: "things", cursorParam: "after", nextCursor: "next" },
        responses: { 200: { description: "A page", content: { "application/json": { schema: { type: "object" } } } } },
      },
      post: {
        operationId: "create_thing",
        requestBody: {
          content: {
            "application/json": {
              schema: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
              examples: { one: { value: { name: "Lamp" } } },
            },
          },
        },
        responses: { 204: { description: "Created" } },
      },
    },
  },
  components: { securitySchemes: { ApiKey: { type: "apiKey", in: "query", name: "key" } } },
};

const setup = {
  factory: "createThingsClient",
  client: "things",
  options: {
    apiKey: { env: "THINGS_KEY", scheme: "ApiKey" },
    baseUrl: { env: "THINGS_BASE_URL", default: "{server}" },
  },
};

describe("the example request", () => {
  it("takes the operation's parameter over the path item's, required ones and optional ones with an example", () => {
    const { init, params } = requestOf(doc, doc.paths["/things/{thing_id}"], doc.paths["/things/{thing_id}"].get);
    expect(init).toEqual({ path: { thing_id: "t 1" }, query: { fields: ["a", "b"] } });
    expect(params.map((p: { name: string }) => p.name)).toEqual(["thing_id", "fields", "verbose"]);
  });

  it("leaves out an optional parameter whose example does not fit its schema", () => {
    const op = doc.paths["/things"].get;
    const { init } = requestOf(doc, doc.paths["/things"], op);
    expect(init.query).toEqual({ after: "cursor-2", limit: 5 });
    const strict = requestOf(doc, doc.paths["/things"], op, (_schema: unknown, value: unknown) => value !== "cursor-2");
    expect(strict.init.query).toEqual({ limit: 5 });
  });

  it("sends values a server accepts where the spec documents none: a format's own shape, no empty query value", () => {
    const op = {
      operationId: "find_customer",
      parameters: [
        { name: "email", in: "query", required: true, schema: { type: "string", format: "email" } },
        { name: "site", in: "query", required: true, schema: { type: "string", format: "uri" } },
        // An empty example (`?party=`) where the parameter does not allow an empty value (allowEmptyValue).
        {
          name: "party",
          in: "query",
          required: true,
          schema: { type: "array", items: { type: "string" } },
          examples: { default: { value: [""] } },
        },
        { name: "tag", in: "query", required: true, allowEmptyValue: true, schema: { type: "string" }, example: "" },
      ],
      responses: {},
    };
    expect(requestOf(doc, {}, op).init.query).toEqual({
      email: "user@example.com",
      site: "https://example.com/",
      party: ["my-party"],
      tag: "",
    });
  });

  it("makes a value the parameter's pattern takes, the same one every time", () => {
    const op = {
      operationId: "get_digest",
      parameters: [
        {
          name: "digest",
          in: "path",
          required: true,
          schema: { type: "string", minLength: 71, maxLength: 71, pattern: "^sha256:[a-f0-9]{64}$" },
        },
        { name: "version", in: "path", required: true, schema: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+$" } },
        { name: "slug", in: "path", required: true, schema: { type: "string", pattern: "^[a-z-]+$" } },
      ],
      responses: {},
    };
    expect(requestOf(doc, {}, op).init.path).toEqual({
      digest: `sha256:${"a".repeat(64)}`,
      version: "0.0.0",
      slug: "my-slug",
    });
  });

  it("sends a path value only one branch of the parameter's oneOf takes, as text", () => {
    // `1` in a URL is both the integer and the string: a validating server refuses it ("must match exactly one").
    const id = {
      name: "id",
      in: "path",
      required: true,
      schema: {
        oneOf: [
          { type: "integer", examples: [1] },
          { type: "string", examples: ["8cbb43fe"] },
        ],
      },
    };
    expect(requestOf(doc, {}, { operationId: "get_item", parameters: [id], responses: {} }).init.path).toEqual({
      id: "8cbb43fe",
    });
    expect(
      requestOf(doc, {}, { operationId: "get_item", parameters: [{ ...id, example: 7 }], responses: {} }).init.path,
    ).toEqual({
      id: "8cbb43fe",
    });
  });

  it("takes the body from the request's first named example", () => {
    const { init, mediaType } = requestOf(doc, doc.paths["/things"], doc.paths["/things"].post);
    expect(mediaType).toBe("application/json");
    expect(init.body).toEqual({ name: "Lamp" });
  });
});

describe("code samples", () => {
  const view = addCodeSamples(
    structuredClone(doc),
    doc,
    undefined,
    sampleContext({ name: "things", packageName: "@acme/things", client: setup }),
  );
  const samples = (path: string, method: string) =>
    Object.fromEntries(view.paths[path][method]["x-codeSamples"].map((s: any) => [s.label, s.source]));

  it("calls the client package's method with the example request, credentials from the env", () => {
    expect(samples("/things/{thing_id}", "get").TypeScript).toBe(
      [
        'import { createThingsClient } from "@acme/things";',
        "",
        "const things = createThingsClient({",
        "  apiKey: process.env.THINGS_KEY!,",
        '  baseUrl: process.env.THINGS_BASE_URL ?? "https://api.example.test/v1",',
        "});",
        "",
        'const result = await things.get_thing({ path: { thing_id: "t 1" }, query: { fields: ["a", "b"] } });',
        "console.log(result);",
      ].join("\n"),
    );
  });

  it("leaves the credential out where an operation needs none, starts at the first page and shows the paginate form", () => {
    const ts = samples("/things", "get").TypeScript;
    expect(ts).not.toContain("THINGS_KEY");
    expect(ts).toContain("await things.list_things({ query: { limit: 5 } })");
    expect(ts).toContain("for await (const item of things.paginate.list_things({ query: { limit: 5 } })) {");
  });

  it("writes a curl line that reaches the same request, the key in the query where the scheme puts it", () => {
    const curl = samples("/things/{thing_id}", "get").curl;
    const request = parseCurl(curl, { THINGS_KEY: "s3cret" });
    expect(request).toEqual({
      method: "GET",
      url: "https://api.example.test/v1/things/t%201?fields=a&fields=b&key=s3cret",
      headers: {},
    });
    expect(() => parseCurl(curl, {})).toThrow("curl sample uses $THINGS_KEY, which is not set");
  });

  it("sends a body with its media type and a method other than GET", () => {
    const request = parseCurl(samples("/things", "post").curl, { THINGS_KEY: "k" });
    expect(request).toMatchObject({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"name":"Lamp"}',
    });
    // create_thing answers 204: the sample does not print a result.
    expect(
      samples("/things", "post").TypeScript.endsWith('\nawait things.create_thing({ body: { name: "Lamp" } });'),
    ).toBe(true);
  });

  it("refuses a registry entry whose client has no factory, naming where to fix it", () => {
    expect(() => sampleContext({ name: "things", client: { options: {} } })).toThrow(
      "redocly.yaml: apis.things.x-specforge.client needs a factory",
    );
    expect(sampleContext({ name: "things" })).toBeUndefined();
  });
});

describe("rendering", () => {
  it("writes values as TypeScript literals, one line when it fits, identifier keys unquoted", () => {
    expect(tsLiteral({ a: 1, "b-c": [true, null] })).toBe('{ a: 1, "b-c": [true, null] }');
    expect(tsLiteral({ long: "x".repeat(60), more: "y".repeat(20) })).toBe(
      `{\n  long: "${"x".repeat(60)}",\n  more: "${"y".repeat(20)}",\n}`,
    );
  });

  it("encodes query values as the parameter's style says", () => {
    const params = [
      { in: "query", name: "ids", explode: false },
      { in: "query", name: "tags" },
    ];
    expect(queryString(params, { ids: [1, 2], tags: ["x y", "z"] })).toBe("?ids=1%2C2&tags=x%20y&tags=z");
    expect(queryString(params, {})).toBe("");
  });

  it("calls an operation the client exposes otherwise as the registry says", () => {
    const ts = typescriptSample({
      packageName: "@acme/things",
      setup: {
        factory: "createThingsClient",
        calls: { create_token: { call: "tokens.getToken()", comment: "Cached." } },
      },
      operationId: "create_token",
      server: "https://api.example.test",
      schemes: [],
      secured: false,
      init: {},
      returnsData: true,
    });
    expect(ts).toContain("// Cached.\nconst result = await client.tokens.getToken();");
  });

  it("puts a bearer token where the scheme's x-token-header says", () => {
    const curl = curlSample({
      method: "DELETE",
      url: "https://api.example.test/things/1",
      schemes: [{ name: "OAuth", scheme: { type: "oauth2", "x-token-header": { name: "X-Token", prefix: "" } } }],
      env: () => "THINGS_TOKEN",
    });
    expect(parseCurl(curl, { THINGS_TOKEN: "t" })).toEqual({
      method: "DELETE",
      url: "https://api.example.test/things/1",
      headers: { "X-Token": "t" },
    });
  });
});
