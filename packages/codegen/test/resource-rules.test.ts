// The stateful mock's `x-mock` rules (src/resource-rules.mjs): what a spec states about its lists'
// parameters, an item's state and its times reaches the mock view checked, a rule naming what the
// operation or its item does not have stops generation with its place, and the docs' "Mock:" line
// says what the mock does with each parameter.
import { describe, expect, it } from "vitest";
import { addListRulesToDocs, addResourceRules, listRulesSentence } from "../src/resource-rules.mjs";
import { addMockStateToDocs, resourceModel } from "../src/resources.mjs";

const json = (schema: object, example?: unknown) => ({
  description: "ok",
  content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } },
});

/** A small REST spec: notes (listed, created, read, deleted) and a `/summary` view of one note. */
function spec(listRule: object = {}, extra: Record<string, unknown> = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/notes": {
        get: {
          operationId: "list_notes",
          parameters: [
            { name: "sort", in: "query", schema: { type: "string" } },
            { name: "since", in: "query", schema: { type: "string" } },
          ],
          "x-mock": {
            list: { orderBy: "sort", filters: [{ param: "since", field: "at", compare: "gt" }], ...listRule },
          },
          responses: {
            200: json({
              type: "object",
              properties: { notes: { type: "array", items: { $ref: "#/components/schemas/Note" } } },
            }),
          },
        },
        post: {
          operationId: "create_note",
          "x-mock": { resource: { stamps: { at: "create", seen: { on: "update", changes: ["text"] } } } },
          requestBody: { content: { "application/json": { schema: { type: "object" } } } },
          responses: { 201: json({ $ref: "#/components/schemas/Note" }) },
        },
      },
      "/notes/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: { operationId: "get_note", responses: { 200: json({ $ref: "#/components/schemas/Note" }) } },
        delete: {
          operationId: "delete_note",
          "x-mock": { refuse: [{ when: { state: "locked" }, status: 409, body: { error: "locked" } }] },
          responses: { 200: json({ $ref: "#/components/schemas/Note" }) },
        },
      },
      "/notes/{id}/summary": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: {
          operationId: "get_summary",
          "x-mock": { resource: { of: "/notes", kind: "get" } },
          responses: {
            200: json(
              { type: "object", properties: { text: { type: "string" }, words: { type: "integer" } } },
              { text: "t", words: 1 },
            ),
          },
        },
      },
      ...extra,
    },
    components: {
      schemas: {
        Note: {
          type: "object",
          required: ["id"],
          properties: {
            id: { type: "string" },
            text: { type: "string" },
            state: { type: "string" },
            at: { type: "string", format: "date-time" },
            seen: { type: "number" },
          },
        },
      },
    },
  };
}

const modelOf = (doc: object) => addResourceRules(doc, resourceModel(doc));

describe("x-mock rules of the stateful mock", () => {
  it("reach the mock's model: list order and filters, refusals, stamps in the field's format, and views", () => {
    const model = modelOf(spec());
    expect(model.operations.list_notes.list).toEqual({
      orderBy: { param: "sort" },
      filters: [{ param: "since", field: ["at"], compare: "gt" }],
    });
    expect(model.operations.delete_note.refuse).toEqual([
      { when: [{ path: ["state"], value: "locked" }], status: 409, body: { error: "locked" } },
    ]);
    expect(model.resources["/notes"].stamps).toEqual([
      { path: ["at"], on: "create", format: "iso" },
      { path: ["seen"], on: "update", format: "unix", changes: [["text"]] },
    ]);
    expect(model.operations.get_summary).toMatchObject({
      resource: "/notes",
      kind: "get",
      keyParam: "id",
      placement: { at: "answer" },
      example: { text: "t", words: 1 },
    });
    expect(model.report.find((r: { operation: string }) => r.operation === "get_summary")).toEqual({
      operation: "get_summary",
      stateful: true,
      kind: "get",
      resource: "/notes",
    });
  });

  it("stop generation, naming the rule's place, when a rule names what the operation or its item lacks", () => {
    expect(() => modelOf(spec({ orderBy: "order" }))).toThrow(
      "#/paths/~1notes/get/x-mock/list: orderBy names order, which is not a parameter of list_notes",
    );
    expect(() => modelOf(spec({ filters: [{ param: "since", field: "when", compare: "gt" }] }))).toThrow(
      /filters\[0\] names the item field when, which the item schema does not have/,
    );
    expect(() => modelOf(spec({ filters: [{ param: "since", field: "at", compare: "after" }] }))).toThrow(
      /compare must be one of eq, gt, ge, lt, le/,
    );
    const orphan = {
      "/other": { get: { operationId: "other", "x-mock": { resource: { of: "/nope", kind: "list" } }, responses: {} } },
    };
    expect(() => modelOf(spec({}, orphan))).toThrow("/nope is not a stateful resource of this spec");
    const history = {
      "/notes/{id}/history": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        get: { operationId: "note_history", "x-mock": { resource: { of: "/notes", kind: "history" } }, responses: {} },
      },
    };
    expect(() => modelOf(spec({}, history))).toThrow("a history reads a keyed map's items (/notes is not one)");
  });

  it("say in the docs' Mock line what the mock does with each list parameter, ignored ones included", () => {
    const doc = spec({ ignores: { sort: "not documented" } });
    const model = modelOf(doc);
    const docs = addListRulesToDocs(addMockStateToDocs(structuredClone(doc), model), model);
    expect(docs.paths["/notes"].get.description).toMatch(
      /^\*\*Mock:\*\* keeps state: lists the items of `\/notes` in the mock's store: the spec's examples it starts with and what earlier calls created\. The mock's list applies `sort` \(sorts by the item field it names\) and `since` \(keeps the items whose `at` is after it\)\. It ignores `sort`: not documented\.$/,
    );
    expect(listRulesSentence({ sort: { field: ["created_ts"], descending: true } })).toBe(
      "Items come in descending order of `created_ts`.",
    );
  });
});
