// The stateful mock's parts without Prism: the store (cap, change events, reset), the resource
// model run on a shipped mock view, the user's fixtures and their errors.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveMockApis } from "../src/index.mjs";
import { Store, StoreFullError } from "../src/state/store.mjs";
import { compileState } from "../src/state/model.mjs";

const view = (api: string) =>
  JSON.parse(fs.readFileSync(resolveMockApis([api], { companions: false })[0].mockView, "utf8"));
const rpcCall = (state: any, body: Record<string, unknown>) => {
  const matched = state.match("POST", state.rpc.routes[body.action as string], Buffer.from(JSON.stringify(body)));
  return state.answer(matched, 200, undefined);
};
/** A REST request the model answers; `status` is the one Prism answered with (the stateful answer keeps it). */
const restCall = (state: any, method: string, path: string, status: number, body?: unknown, example?: unknown) =>
  state.answer(state.match(method, path, Buffer.from(body ? JSON.stringify(body) : "")), status, example);

describe("the store", () => {
  it("tells listeners what changed: created, updated, deleted, with the parent keys", () => {
    const store = new Store();
    const events: any[] = [];
    const off = store.onChange((e: any) => events.push(e));
    store.put("/twins/{twin}/identities", ["t1"], "RFID#1", { a: 1 });
    store.put("/twins/{twin}/identities", ["t1"], "RFID#1", { a: 2 });
    store.delete("/twins/{twin}/identities", ["t1"], "RFID#1");
    off();
    store.put("/twins", [], "t2", {});
    expect(events).toEqual([
      { resource: "/twins/{twin}/identities", kind: "created", key: "RFID#1", value: { a: 1 }, parentKeys: ["t1"] },
      { resource: "/twins/{twin}/identities", kind: "updated", key: "RFID#1", value: { a: 2 }, parentKeys: ["t1"] },
      { resource: "/twins/{twin}/identities", kind: "deleted", key: "RFID#1", value: { a: 2 }, parentKeys: ["t1"] },
    ]);
  });

  it("holds at most maxItems items; the next create throws StoreFullError, an update still works", () => {
    const store = new Store({ maxItems: 2 });
    store.put("r", [], "1", {});
    store.put("r", [], "2", {});
    expect(() => store.put("r", [], "3", {})).toThrow(StoreFullError);
    expect(store.put("r", [], "2", { changed: true })).toBe("updated");
    store.delete("r", [], "1");
    expect(store.put("r", [], "3", {})).toBe("created");
  });

  it("reset() goes back to the seed, whatever happened", () => {
    const store = new Store({ seed: [{ resource: "r", key: "a", value: { n: 1 } }] });
    store.put("r", [], "b", {});
    store.delete("r", [], "a");
    store.reset();
    expect(store.entries("r", [])).toEqual([["a", { n: 1 }]]);
  });
});

describe("the model on a shipped mock view", () => {
  it("a literal path segment wins over a template: a stateless literal operation is left to Prism (issue 28 §5)", () => {
    const tt = view("trustedtwin");
    const itemPath = tt["x-specforge-mock"].operations.get_twin.path as string; // /twins/{twin}
    const literal = itemPath.replace(/\{[^}]+\}$/, "by-status");
    tt.paths[literal] = { get: { operationId: "by_status", responses: { 200: { description: "a list" } } } };
    const state = compileState(tt);
    expect(state.match("GET", literal, Buffer.alloc(0))).toBeUndefined();
    const item = state.match("GET", itemPath.replace(/\{[^}]+\}$/, "a%20b"), Buffer.alloc(0));
    expect(item.operationId).toBe("get_twin");
    expect(item.params).toEqual({ twin: "a b" });
  });

  it("a full store answers a create with 507 and a message saying what to do, in the provider's error shape", () => {
    const state = compileState(view("middletwin"), { maxItems: 25 });
    expect(state.store.size).toBe(25); // the seed fills it
    const answer = rpcCall(state, { action: "create_member", fname: "A", lname: "B", email: "a@example.org" });
    expect(answer.status).toBe(507);
    expect(answer.body).toEqual({
      success: false,
      errorMessage: expect.stringMatching(/store is full \(25 items\).*reset/),
    });
    expect(rpcCall(state, { action: "get_member", id: "1001" }).body.success).toBe(true);
  });

  it("an item created where the seed has records for its key starts a history of its own", () => {
    const state = compileState(view("trustedtwin"));
    const resource = Object.values(state.resources).find((r: any) => r.historySeed?.length) as any;
    const { parentKeys, key } = resource.historySeed[0];
    const ledger = `/twins/${parentKeys.join("/ledgers/")}`;
    const call = (method: string, path: string, status: number, body?: unknown) =>
      restCall(state, method, path, status, body);
    expect(call("GET", `${ledger}/history`, 200).body.entries).toEqual({}); // the seed holds no such entry
    const created = call("POST", ledger, 201, { entries: { [key]: { value: 3, history: "1D" } } });
    expect(created.body.entries[key].value).toBe(3);
    const history = call("GET", `${ledger}/history`, 200).body.entries[key];
    expect(Object.values(history)).toEqual([3]);
  });

  it("checks an answer against its schema where the path item and the response are $refs", () => {
    // Published specs share responses through components/responses (and path items through
    // components/pathItems); the answer's schema is found through both hops.
    const v = view("trustedtwin");
    const item = v.paths["/twins/{twin}"];
    v.components.responses = { ...v.components.responses, TwinAnswer: item.get.responses["200"] };
    item.get.responses["200"] = { $ref: "#/components/responses/TwinAnswer" };
    v.components.pathItems = { ...v.components.pathItems, Twin: item };
    v.paths["/twins/{twin}"] = { $ref: "#/components/pathItems/Twin" };
    const state = compileState(v);
    const call = (method: string, path: string, status: number, body?: unknown) =>
      restCall(state, method, path, status, body, "the example");
    const twin = call("POST", "/twins", 201, {}).body.creation_certificate.uuid;
    const read = call("GET", `/twins/${twin}`, 200);
    expect(read.body.creation_certificate.uuid).toBe(twin);
    expect(state.fallbacks).toBe(0);
    // And an answer that breaks that schema still fails the check (found through the same hops).
    expect(state.valid(state.match("GET", `/twins/${twin}`, Buffer.alloc(0)).op, 200, { status: 42 })).toBe(false);
  });

  it("two states of one view share nothing (each mock its own store)", () => {
    const a = compileState(view("middletwin"));
    const b = compileState(view("middletwin"));
    const { id } = rpcCall(a, { action: "create_member", fname: "A", lname: "B", email: "a@example.org" }).body;
    expect(rpcCall(a, { action: "get_member", id }).body.success).toBe(true);
    expect(rpcCall(b, { action: "get_member", id }).body.success).toBe(false);
  });

  it("user fixtures join the spec's examples; reset returns to both", () => {
    const state = compileState(view("middletwin"), {
      seed: { member: [{ id: "9001", fname: "Fix", lname: "Ture", email: "fix@example.org" }] },
    });
    expect(rpcCall(state, { action: "get_member", id: "9001" }).body.member).toMatchObject({ fname: "Fix" });
    expect(rpcCall(state, { action: "get_member", id: "1001" }).body.success).toBe(true);
    rpcCall(state, { action: "delete_member", id: "9001" });
    state.reset();
    expect(rpcCall(state, { action: "get_member", id: "9001" }).body.success).toBe(true);
  });

  it("bad fixtures fail with a message naming the resource, the item and the problem", () => {
    const v = view("middletwin");
    expect(() => compileState(v, { seed: { nope: [] } })).toThrow(
      /unknown resource "nope"; this mock's resources are .*member/,
    );
    expect(() => compileState(v, { seed: { member: [{ fname: "No id" }] } })).toThrow(/member\[0\] needs its id at id/);
    expect(() =>
      compileState(v, {
        seed: { member: [{ id: "1", fname: 42, lname: "x", email: "x@example.org", status: "not-a-status" }] },
      }),
    ).toThrow(/member\[0\] does not fit the item schema: \/status/);
    const tt = view("trustedtwin");
    expect(() => compileState(tt, { seed: { "/twins/{twin}/identities": [{ key: "RFID#1", value: {} }] } })).toThrow(
      /needs "parent": \{ "twin": "..." \}/,
    );
  });
});
