// `webhooks` are handled for any API: a made-up document (no provider) through the webhook
// derivations: the body facts a client checks messages with, the docs view's samples, the mock
// view's delivery rules, and the errors a wrong `x-mock-webhooks` gives.
import { describe, expect, it } from "vitest";
import { addWebhookSamples, mockWebhookRules, webhookBodyShapes, webhooksOf } from "../src/webhooks.mjs";

const doc = {
  openapi: "3.1.0",
  paths: {
    "/subs": {
      post: {
        operationId: "subscribe",
        requestBody: {
          content: {
            "application/json": { schema: { type: "object", properties: { ttl: { type: "integer", default: 30 } } } },
          },
        },
      },
    },
    "/subs/{owner}": {
      get: { operationId: "confirm" },
      patch: { operationId: "refresh" },
      delete: { operationId: "unsubscribe" },
    },
    "/things/{thing}": { put: { operationId: "put_thing" } },
  },
  webhooks: {
    hello: {
      post: {
        operationId: "hello",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Hello" },
              examples: { one: { value: { link: "x" } } },
            },
          },
        },
      },
    },
    event: {
      post: {
        operationId: "event",
        requestBody: {
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/Event" },
              examples: { a: { value: { kind: "a", n: 1 } }, b: { value: { kind: "b" } } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Hello: { type: "object", required: ["link"], properties: { link: { type: "string" } } },
      A: {
        type: "object",
        required: ["kind", "n"],
        properties: { kind: { const: "a" }, n: { type: "integer" }, v: { const: 1 } },
      },
      B: { type: "object", required: ["kind"], properties: { kind: { const: "b" } } },
      Event: {
        oneOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }],
        discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A", b: "#/components/schemas/B" } },
      },
    },
  },
  "x-mock-webhooks": {
    subscribe: { operation: "subscribe", callback: "url", topic: "topic", expires: "ttl", account: "owner" },
    confirm: "confirm",
    refresh: "refresh",
    unsubscribe: "unsubscribe",
    token: { query: "t", path: { owner: "{account}" }, parts: ["{nonce}", "{account}"], separator: "|" },
    confirmation: { webhook: "hello", set: { link: "{confirmUrl}" } },
    notify: {
      webhook: "event",
      omit: ["n"],
      set: {},
      on: [{ resource: "/things/{thing}", kind: "updated", example: "b", topics: "tags.*", event: {} }],
    },
  },
};

describe("webhooks, for any API", () => {
  it("lists each webhook with its method and body media type", () => {
    expect(webhooksOf(doc).map((w: any) => [w.name, w.method, w.media])).toEqual([
      ["hello", "post", "application/json"],
      ["event", "post", "application/json"],
    ]);
  });

  it("derives what a body must hold: required fields, and constants per variant of a discriminated union", () => {
    expect(webhookBodyShapes(doc)).toEqual({
      hello: { required: ["link"] },
      event: {
        discriminator: "kind",
        variants: {
          a: { required: ["kind", "n"], constants: { kind: "a", v: 1 } },
          b: { required: ["kind"], constants: { kind: "b" } },
        },
      },
    });
  });

  it("gives every webhook a typed TypeScript receiver (switching on the discriminator) and a curl delivery", () => {
    const view = addWebhookSamples(structuredClone(doc), doc, "@acme/client");
    const [ts, curl] = view.webhooks.event.post["x-codeSamples"];
    expect(ts.source).toContain('import type { WebhookMessages } from "@acme/client";');
    expect(ts.source).toContain('switch (message.kind) {\n    case "a":');
    expect(curl.source).toBe(
      `curl -X POST "$CALLBACK_URL" \\\n  -H 'Content-Type: application/json' \\\n  -d '{"kind":"a","n":1}'`,
    );
  });

  it("resolves x-mock-webhooks into the mock's rules (operations as method + path, examples as values)", () => {
    const rules = mockWebhookRules(doc);
    expect(rules.subscribe).toEqual({
      method: "POST",
      path: "/subs",
      callback: "url",
      topic: "topic",
      expires: "ttl",
      expiresDefault: 30,
      account: "owner",
    });
    expect([rules.confirm, rules.refresh, rules.unsubscribe]).toEqual([
      { method: "GET", path: "/subs/{owner}" },
      { method: "PATCH", path: "/subs/{owner}" },
      { method: "DELETE", path: "/subs/{owner}" },
    ]);
    expect(rules.confirmation).toEqual({
      webhook: "hello",
      send: "POST",
      message: { link: "x" },
      set: { link: "{confirmUrl}" },
    });
    expect(rules.notify).toEqual([
      {
        webhook: "event",
        send: "POST",
        message: { kind: "b" },
        set: {},
        omit: ["n"],
        resource: "/things/{thing}",
        kind: "updated",
        topics: "tags.*",
        event: {},
      },
    ]);
    expect(mockWebhookRules({ ...doc, "x-mock-webhooks": undefined })).toBeUndefined();
  });

  it.each([
    ["an unknown operation", { confirm: "nope" }, /confirm names operation nope, which the spec does not have/],
    ["an unknown webhook", { confirmation: { webhook: "nope" } }, /confirmation names webhook nope/],
    [
      "an unknown example",
      {
        notify: {
          ...doc["x-mock-webhooks"].notify,
          on: [{ resource: "/things/{thing}", kind: "updated", example: "zzz" }],
        },
      },
      /webhook event has no example zzz/,
    ],
    [
      "a resource that is no path",
      { notify: { ...doc["x-mock-webhooks"].notify, on: [{ resource: "/nope", kind: "updated", example: "b" }] } },
      /resource \/nope is not a path of the spec/,
    ],
    [
      "an unknown change kind",
      {
        notify: {
          ...doc["x-mock-webhooks"].notify,
          on: [{ resource: "/things/{thing}", kind: "changed", example: "b" }],
        },
      },
      /kind must be one of created, updated, deleted, not changed/,
    ],
  ])("refuses %s, naming it", (_, patch, message) => {
    expect(() => mockWebhookRules({ ...doc, "x-mock-webhooks": { ...doc["x-mock-webhooks"], ...patch } })).toThrow(
      message,
    );
  });
});
