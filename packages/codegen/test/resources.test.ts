// The stateful mock's resource model (resources.mjs with its REST and RPC halves), on made-up
// documents: which operations create, read, update, delete and list which resource, where the key
// lives, how a list pages, what the store starts with, and why an operation stays stateless.
import { describe, expect, it } from "vitest";
import { rpcModel } from "../src/derive.mjs";
import { addMockStateToDocs, resourceModel, stateSummary } from "../src/resources.mjs";

const json = (schema: object, examples?: Record<string, unknown>) => ({
  content: {
    "application/json": {
      schema,
      ...(examples
        ? { examples: Object.fromEntries(Object.entries(examples).map(([k, value]) => [k, { value }])) }
        : {}),
    },
  },
});

const notFound = {
  description: "No such item",
  ...json({ $ref: "#/components/schemas/Error" }, { missing: { error: "Not found" } }),
};

/** A REST API: a paged collection of items, its item path, a nested collection and two odd operations. */
const rest = {
  openapi: "3.1.0",
  paths: {
    "/items": {
      get: {
        operationId: "list_items",
        parameters: [{ name: "limit", in: "query", schema: { type: "integer", default: 25 } }],
        "x-pagination": {
          style: "cursor",
          items: "items",
          cursorParam: "after",
          nextCursor: "next",
          pageSizeParam: "limit",
        },
        responses: {
          200: {
            description: "A page",
            ...json(
              { $ref: "#/components/schemas/ItemPage" },
              {
                page: {
                  items: [
                    { id: "i-1", name: "One" },
                    { id: "i-2", name: "Two" },
                  ],
                  next: null,
                },
              },
            ),
          },
        },
      },
      post: {
        operationId: "create_item",
        requestBody: json({ $ref: "#/components/schemas/Item" }),
        responses: { 201: { description: "Created", ...json({ $ref: "#/components/schemas/Item" }) } },
      },
    },
    "/items/{item_id}": {
      // The path item's parameter; the operations below say the same or override it.
      parameters: [
        { name: "item_id", in: "path", required: true, schema: { type: "string" }, example: "from-path-item" },
      ],
      get: {
        operationId: "get_item",
        parameters: [{ name: "item_id", in: "path", required: true, schema: { type: "string" }, example: "i-9" }],
        responses: {
          200: {
            description: "The item",
            ...json({ $ref: "#/components/schemas/Item" }, { one: { id: "i-1", name: "One" } }),
          },
          404: notFound,
        },
      },
      patch: {
        operationId: "update_item",
        requestBody: json({ $ref: "#/components/schemas/Item" }),
        responses: { 200: { description: "Updated", ...json({ $ref: "#/components/schemas/Item" }) }, 404: notFound },
      },
      delete: { operationId: "delete_item", responses: { 204: { description: "Gone" }, 404: notFound } },
    },
    "/status": { get: { operationId: "get_status", responses: { 200: { description: "Up" } } } },
    "/items/{item_id}/archive": {
      post: {
        operationId: "archive_item",
        "x-mock": { stateful: false },
        parameters: [{ name: "item_id", in: "path", required: true, schema: { type: "string" } }],
        responses: { 204: { description: "Archived" } },
      },
    },
  },
  components: {
    schemas: {
      Item: {
        type: "object",
        required: ["id", "name"],
        properties: { id: { type: "string", format: "uuid" }, name: { type: "string" } },
      },
      ItemPage: {
        type: "object",
        properties: {
          items: { type: "array", items: { $ref: "#/components/schemas/Item" } },
          next: { type: ["string", "null"] },
        },
      },
      Error: { type: "object", properties: { error: { type: "string" } } },
    },
  },
};

describe("REST resources", () => {
  const model = resourceModel(rest, undefined);

  it("places a collection's create and list and its item path's get, update and delete on one resource", () => {
    const kinds = Object.fromEntries(Object.entries(model.operations).map(([id, op]: [string, any]) => [id, op.kind]));
    expect(kinds).toEqual({
      list_items: "list",
      create_item: "create",
      get_item: "get",
      update_item: "update",
      delete_item: "delete",
    });
    for (const op of Object.values(model.operations) as any[]) expect(op.resource).toBe("/items");
    const resource = model.resources["/items"];
    expect(resource.idPath).toEqual(["id"]);
    // The item's id is a uuid: new items get uuids.
    expect(resource.idFormat).toBe("uuid");
    expect(model.operations.get_item).toMatchObject({ method: "GET", path: "/items/{item_id}", keyParam: "item_id" });
  });

  it("pages a list with its x-pagination and the page-size parameter's default", () => {
    expect(model.operations.list_items).toMatchObject({
      items: "items",
      itemMode: "value",
      paging: { style: "cursor", cursorParam: "after", defaultPageSize: 25 },
    });
  });

  it("answers a missing item with the 404's own example", () => {
    expect(model.operations.get_item.notFound).toEqual({ status: 404, body: { error: "Not found" } });
  });

  it("seeds the store with the list's and get's examples and the item the samples address", () => {
    const keys = model.resources["/items"].seed.map((s: { key: string }) => s.key);
    // i-9 is the get operation's own example of item_id: it replaces the path item's parameter.
    expect(keys).toEqual(["i-1", "i-2", "i-9"]);
    expect(keys).not.toContain("from-path-item");
    expect(model.resources["/items"].seed.at(-1).value).toEqual({ id: "i-9", name: "One" });
  });

  it("seeds the item the samples address from the item schema when no answer has an example, only if it validates", () => {
    // Examples on the schema's properties only (as published 3.0 specs write them); the path
    // parameter has none, so the sample sends a value made from its type: 1.
    const pets = (petSchema: object) => ({
      openapi: "3.1.0",
      paths: {
        "/pets": { post: { operationId: "add_pet", responses: { "200": json({ $ref: "#/components/schemas/Pet" }) } } },
        "/pets/{petId}": {
          parameters: [{ name: "petId", in: "path", required: true, schema: { type: "integer", format: "int64" } }],
          get: { operationId: "get_pet", responses: { "200": json({ $ref: "#/components/schemas/Pet" }) } },
        },
      },
      components: { schemas: { Pet: petSchema } },
    });
    const pet = {
      type: "object",
      required: ["name", "photoUrls"],
      properties: {
        id: { type: "integer", example: 10 },
        name: { type: "string", example: "doggie" },
        photoUrls: { type: "array", items: { type: "string" } },
        tag: { type: "string" },
      },
    };
    expect(resourceModel(pets(pet), undefined).resources["/pets"].seed).toEqual([
      { parentKeys: [], key: "1", value: { id: 1, name: "doggie", photoUrls: ["my-photoUrls"] } },
    ]);
    // An item the schema refuses (here: a documented name too short for its own rule) is not seeded.
    const strict = {
      ...pet,
      properties: { ...pet.properties, name: { type: "string", minLength: 10, example: "doggie" } },
    };
    expect(resourceModel(pets(strict), undefined).resources["/pets"].seed).toEqual([]);
  });

  it("seeds that item when the answer's schema lists `required` beside the `allOf` that brings the properties", () => {
    // As published specs write it: the answer schema requires names its `allOf` branch defines and says
    // `additionalProperties: false` (meaning: nothing beyond the branch's properties); a documented value
    // that does not fit its own property (a number for a string) is made from the type instead.
    const doc = {
      openapi: "3.1.0",
      paths: {
        "/boxes": {
          get: {
            operationId: "list_boxes",
            responses: { "200": json({ type: "array", items: { $ref: "#/components/schemas/box" } }) },
          },
        },
        "/boxes/{box_id}": {
          get: {
            operationId: "get_box",
            parameters: [
              {
                name: "box_id",
                in: "path",
                required: true,
                schema: { type: "string", pattern: "^bx-[0-9]+$", example: "bx-1" },
              },
            ],
            responses: { "200": json({ $ref: "#/components/schemas/get_box_response" }) },
          },
        },
      },
      components: {
        schemas: {
          box: {
            type: "object",
            additionalProperties: false,
            properties: {
              box_id: { type: "string", pattern: "^bx-[0-9]+$" },
              label: { type: "string", example: 12 },
              address: { type: "object", required: ["city"], properties: { city: { type: "string" } } },
            },
          },
          get_box_response: {
            type: "object",
            required: ["box_id", "label", "address"],
            additionalProperties: false,
            allOf: [{ $ref: "#/components/schemas/box" }],
          },
        },
      },
    };
    expect(resourceModel(doc, undefined, { imported: true }).resources["/boxes"].seed).toEqual([
      { parentKeys: [], key: "bx-1", value: { box_id: "bx-1", label: "my-label", address: { city: "my-city" } } },
    ]);
  });

  it("seeds the parent a nested resource's samples address, when the parent's own path names its key differently", () => {
    const team = { type: "object", properties: { id: { type: "string" }, name: { type: "string", example: "Core" } } };
    const member = { type: "object", properties: { id: { type: "string" } } };
    const param = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
    const doc = {
      openapi: "3.1.0",
      paths: {
        "/teams": { get: { operationId: "list_teams", responses: { "200": json({ type: "array", items: team }) } } },
        "/teams/{team_slug}": {
          parameters: [param("team_slug")],
          get: { operationId: "get_team", responses: { "200": json(team) } },
        },
        "/teams/{team}/members": {
          parameters: [param("team")],
          get: { operationId: "list_members", responses: { "200": json({ type: "array", items: member }) } },
        },
        "/teams/{team}/members/{login}": {
          parameters: [param("team"), param("login")],
          get: { operationId: "get_member", responses: { "200": json(member) } },
        },
      },
    };
    const model = resourceModel(doc, undefined, { imported: true });
    expect(model.resources["/teams/{team}/members"].parent).toBe("/teams");
    expect(model.resources["/teams/{team}/members"].seed.map((s: any) => [s.parentKeys, s.key])).toEqual([
      [["my-team"], "my-login"],
    ]);
    expect(model.resources["/teams"].seed.map((s: any) => [s.key, s.value])).toEqual([
      ["my-team-slug", { id: "my-team-slug", name: "Core" }],
      ["my-team", { id: "my-team", name: "Core" }],
    ]);
  });

  it("reports every operation it cannot place, with the reason", () => {
    const report = Object.fromEntries(model.report.map((r: any) => [r.operation, r]));
    expect(report.get_status).toEqual({
      operation: "get_status",
      stateful: false,
      reason: "not part of a collection (no create or list with an item path)",
    });
    expect(report.archive_item.reason).toBe("x-mock.stateful is false");
    expect(model.report.map((r: any) => r.operation)).toEqual([...model.report.map((r: any) => r.operation)].sort());
  });

  it("says in the docs view and the generate output what the mock does with each operation", () => {
    const view = structuredClone(rest) as any;
    addMockStateToDocs(view, model);
    expect(view.paths["/items"].post.description).toBe(
      "**Mock:** keeps state: stores what it creates in `/items`: later reads, lists, updates and deletes see it.",
    );
    // In the reader's terms: why it is not stateful is the generate output's (mock-line.test.ts).
    expect(view.paths["/status"].get.description).toMatch(
      /^\*\*Mock:\*\* answers with this operation's documented example/,
    );
    expect(view.paths["/status"].get.description).not.toContain("not stateful");
    expect(stateSummary(model)).toBe("mock: 5 of 7 operations stateful; example answers: archive_item, get_status");
  });
});

/** An RPC API: one POST /rpc whose body's `action` picks a widget action, answered in an envelope. */
const action = (name: string, response: string, props: Record<string, object> = {}) => ({
  type: "object",
  required: ["action"],
  properties: { action: { const: name }, ...props },
  "x-action": { response: { $ref: `#/components/schemas/${response}` } },
});
const rpcDoc = {
  openapi: "3.1.0",
  paths: {
    "/rpc": {
      post: {
        operationId: "rpc",
        "x-rpc": { discriminator: "action", envelope: { success: "success", message: "message" } },
        requestBody: {
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  { $ref: "#/components/schemas/CreateWidget" },
                  { $ref: "#/components/schemas/GetWidget" },
                  { $ref: "#/components/schemas/DeleteWidget" },
                  { $ref: "#/components/schemas/GetAllWidgets" },
                  { $ref: "#/components/schemas/Ping" },
                ],
              },
            },
          },
        },
        responses: { 200: { description: "The envelope", ...json({ type: "object" }) } },
      },
    },
  },
  components: {
    schemas: {
      Widget: { type: "object", properties: { id: { type: "integer" }, label: { type: "string" } } },
      CreateWidget: action("create_widget", "WidgetId", { label: { type: "string" } }),
      GetWidget: action("get_widget", "WidgetAnswer", { id: { type: "integer" } }),
      DeleteWidget: action("delete_widget", "Envelope", { id: { type: "integer" } }),
      GetAllWidgets: action("get_all_widgets", "WidgetList"),
      Ping: action("ping", "Envelope"),
      Envelope: { type: "object", properties: { success: { type: "boolean" }, message: { type: "string" } } },
      WidgetId: { type: "object", properties: { success: { type: "boolean" }, id: { type: "integer" } } },
      WidgetAnswer: {
        type: "object",
        properties: { success: { type: "boolean" }, widget: { $ref: "#/components/schemas/Widget" } },
        examples: [{ success: true, widget: { id: 7, label: "Seven" } }],
      },
      WidgetList: {
        type: "object",
        properties: {
          success: { type: "boolean" },
          widgets: { type: "array", items: { $ref: "#/components/schemas/Widget" } },
        },
        examples: [{ success: true, widgets: [{ id: 1, label: "One" }] }],
      },
    },
  },
};

describe("RPC action families", () => {
  const model = resourceModel(rpcDoc, rpcModel(rpcDoc));

  it("makes create_<t> / get_<t> / delete_<t> / get_all_<t>s one resource keyed by id", () => {
    expect(model.resources.widget).toMatchObject({ idPath: ["id"], idFormat: "integer" });
    expect(model.operations.create_widget).toMatchObject({ kind: "create", placement: { at: "id", name: "id" } });
    expect(model.operations.get_widget).toMatchObject({
      kind: "get",
      keyField: "id",
      placement: { at: "property", name: "widget" },
    });
    expect(model.operations.delete_widget).toMatchObject({
      kind: "delete",
      keyField: "id",
      placement: { at: "example" },
    });
    expect(model.operations.get_all_widgets).toMatchObject({ kind: "list", items: "widgets" });
  });

  it("answers an unknown key in the API's envelope, marked inferred", () => {
    expect(model.operations.get_widget.notFound).toEqual({
      status: 200,
      body: { success: false, message: "{message}" },
      inferred: true,
    });
  });

  it("seeds the store with the list's and the get's examples", () => {
    expect(model.resources.widget.seed.map((s: { key: string }) => s.key)).toEqual(["1", "7"]);
  });

  it("leaves an action outside any family stateless, with the reason", () => {
    expect(model.report.find((r: any) => r.operation === "ping")).toEqual({
      operation: "ping",
      stateful: false,
      reason: "not part of a create/get/update/delete/get_all action family",
    });
  });
});
