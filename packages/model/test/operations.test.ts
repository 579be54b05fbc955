import { describe, expect, it } from "vitest";
import { actionsOf, mergedParameters, operationsOf, rpcOperationOf } from "../src/index.mjs";

const rest = {
  openapi: "3.1.0",
  security: [{ key: [] }],
  paths: {
    "/twins/{twin}": {
      parameters: [
        { $ref: "#/components/parameters/Twin" },
        { name: "trace", in: "header", schema: { type: "string" } },
      ],
      get: {
        operationId: "get_twin",
        tags: ["Twins"],
        parameters: [{ name: "twin", in: "path", required: true, description: "the operation's own" }],
        responses: {
          "200": { $ref: "#/components/responses/Twin" },
          "404": { description: "no", content: { "application/problem+json": { schema: { type: "object" } } } },
        },
        "x-provenance": "inferred",
        "x-provenance-note": "seen on the wire",
      },
      delete: { operationId: "terminate_twin", security: [], responses: { "204": { description: "gone" } } },
    },
    "/uploads": {
      post: {
        operationId: "upload",
        requestBody: { required: true, content: { "application/octet-stream": {}, "application/json": {} } },
        responses: { "201": { description: "ok" } },
        "x-pagination": { style: "cursor" },
      },
    },
  },
  webhooks: { twinChanged: { post: { operationId: "on_twin", responses: { "200": { description: "ok" } } } } },
  components: {
    parameters: { Twin: { name: "twin", in: "path", required: true, description: "the path item's" } },
    responses: { Twin: { description: "a twin", content: { "application/json": { schema: { type: "object" } } } } },
  },
};

describe("operationsOf", () => {
  const ops = operationsOf(rest);

  it("lists every operation in document order, with its pointer", () => {
    expect(ops.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      "get /twins/{twin} get_twin",
      "delete /twins/{twin} terminate_twin",
      "post /uploads upload",
    ]);
    expect(ops[0].pointer).toBe("#/paths/~1twins~1{twin}/get");
    expect(operationsOf(rest, { from: "webhooks" }).map((o) => o.operationId)).toEqual(["on_twin"]);
  });

  it("merges the path item's parameters with the operation's, the operation's winning in place", () => {
    expect(ops[0].parameters.map((p) => `${p.in}:${p.name}:${p.description ?? ""}`)).toEqual([
      "path:twin:the operation's own",
      "header:trace:",
    ]);
    expect(mergedParameters(rest, rest.paths["/twins/{twin}"], {}).map((p) => p.description)).toEqual([
      "the path item's",
      undefined,
    ]);
  });

  it("resolves responses, picks the success, and reads security, idempotency, paging and provenance", () => {
    const [get, del, upload] = ops;
    expect(get.success).toMatchObject({ status: "200", mediaType: "application/json" });
    expect(get.responses.map((r) => [r.status, r.success, r.mediaType])).toEqual([
      ["200", true, "application/json"],
      ["404", false, "application/problem+json"],
    ]);
    expect([get.secured, del.secured, upload.secured]).toEqual([true, false, true]);
    expect([get.idempotent, del.idempotent, upload.idempotent]).toEqual([true, true, false]);
    expect([get.readOnly, del.readOnly]).toEqual([true, false]);
    expect(get.provenance).toBe("inferred");
    expect(get.provenanceNote).toBe("seen on the wire");
    expect(upload.provenance).toBe("documented");
    expect(upload.requestMediaType).toBe("application/octet-stream");
    expect(upload.pagination).toEqual({ style: "cursor" });
    expect(get.tags).toEqual(["Twins"]);
  });
});

const rpc = {
  openapi: "3.1.0",
  security: [{ apiKey: [] }],
  paths: {
    "/dart/core": {
      post: {
        operationId: "core",
        tags: ["RPC"],
        "x-rpc": { discriminator: "action" },
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Request" } } },
        },
        responses: { "200": { description: "envelope" } },
      },
    },
  },
  components: {
    schemas: {
      Request: { oneOf: [{ $ref: "#/components/schemas/GetMember" }, { $ref: "#/components/schemas/Join" }] },
      GetMember: {
        properties: { action: { const: "get_member" } },
        "x-action": { response: { $ref: "#/components/schemas/Member" }, idempotent: true, tags: ["Members"] },
      },
      Join: {
        properties: { action: { const: "join" } },
        "x-provenance-note": "portal",
        "x-action": { response: { $ref: "#/components/schemas/Member" }, security: [], provenance: "inferred" },
      },
      Member: { type: "object" },
    },
  },
};

describe("RPC actions as operations of their own", () => {
  it("yields the wire operation, then each action with the facts x-action states", () => {
    const ops = operationsOf(rpc, { actions: true });
    expect(ops.map((o) => `${o.kind}:${o.operationId}`)).toEqual(["rpc:core", "action:get_member", "action:join"]);
    const [get, join] = actionsOf(rpc);
    expect(get).toMatchObject({
      action: "get_member",
      requestSchemaName: "GetMember",
      responseSchemaName: "Member",
      idempotent: true,
      secured: true,
      tags: ["Members"],
      path: "/dart/core",
      method: "post",
    });
    expect(join).toMatchObject({ secured: false, idempotent: false, provenance: "inferred", tags: ["RPC"] });
    expect(join.provenanceNote).toBe("portal");
    expect(rpcOperationOf(rest)).toBeUndefined();
  });

  it("says which variant breaks the contract", () => {
    const broken = structuredClone(rpc);
    delete broken.components.schemas.Join.properties.action.const;
    expect(() => actionsOf(broken)).toThrow("#/components/schemas/Join: action needs a const");
  });
});
