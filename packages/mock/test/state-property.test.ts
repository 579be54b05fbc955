// Property: random sequences of creates, reads, updates, deletes and lists against the stateful
// mock agree with a small in-test model of what was stored, and every answer validates against
// the spec the client package ships (Ajv). Two families: middletwin members (RPC, offset pages,
// `orderby` sorts) and Trusted Twin twins (REST, cursor pages, delete marks the twin terminated and
// a second terminate is refused) with their ledger values (written by add/update, read by /value).
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveMockApis, startMock } from "../src/index.mjs";
import { bundleValidator } from "../src/testing/index.mjs";

type Mock = { url: string; reset(): Promise<void>; stop(): Promise<void> };
const RUNS = 20;

function validatorFor(api: string) {
  const [entry] = resolveMockApis([api], { companions: false });
  return bundleValidator(JSON.parse(fs.readFileSync(entry.bundle, "utf8")));
}

function expectValid(validate: (pointer: string) => any, pointer: string, body: unknown) {
  const check = validate(pointer);
  if (!check(body)) throw new Error(`${pointer}: ${JSON.stringify(check.errors)} in ${JSON.stringify(body)}`);
}

describe("middletwin members: the mock agrees with a model (fast-check)", () => {
  let mock: Mock;
  const validate = validatorFor("middletwin");
  const call = async (body: Record<string, unknown>) => {
    const r = await fetch(`${mock.url}/dart/core`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-apikey": "pk", "x-secretkey": "sk" },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
    return (await r.json()) as any;
  };
  beforeAll(async () => {
    mock = await startMock({ api: "middletwin", port: 0 });
  });
  afterAll(() => mock?.stop());

  const name = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
  const command = fc.oneof(
    fc.record({ op: fc.constant("create" as const), fname: name, lname: name }),
    fc.record({ op: fc.constant("get" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("update" as const), pick: fc.nat(), fname: name }),
    fc.record({ op: fc.constant("delete" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("list" as const), limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant("listByName" as const), limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant("getMissing" as const) }),
  );

  it("get, update, delete and get_all_members (with and without orderby) see exactly what was done", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 14 }), async (commands) => {
        await mock.reset();
        const model = new Map<string, { fname: string; lname: string }>();
        // The seed (the spec's examples) is the model's start.
        for (const m of (await call({ action: "get_all_members", limit: "100", offset: "0" })).members)
          model.set(m.id, { fname: m.fname, lname: m.lname });
        const ids = () => [...model.keys()];
        for (const c of commands) {
          const pick = "pick" in c ? ids()[c.pick % Math.max(1, ids().length)] : undefined;
          if (c.op === "create") {
            const r = await call({
              action: "create_member",
              fname: c.fname,
              lname: c.lname,
              email: `${c.fname.toLowerCase()}@example.org`,
            });
            expectValid(validate, "#/components/schemas/CreateMemberResponse", r);
            expect(model.has(r.id)).toBe(false);
            model.set(r.id, { fname: c.fname, lname: c.lname });
          } else if (c.op === "get" && pick) {
            const r = await call({ action: "get_member", id: pick });
            expectValid(validate, "#/components/schemas/GetMemberResponse", r);
            expect(r.member).toMatchObject({ id: pick, ...model.get(pick) });
          } else if (c.op === "update" && pick) {
            const r = await call({ action: "update_member", id: pick, fname: c.fname });
            expectValid(validate, "#/components/schemas/UpdateMemberResponse", r);
            model.get(pick)!.fname = c.fname;
          } else if (c.op === "delete" && pick) {
            const r = await call({ action: "delete_member", id: pick });
            expectValid(validate, "#/components/schemas/DeleteMemberResponse", r);
            model.delete(pick);
            const gone = await call({ action: "get_member", id: pick });
            expectValid(validate, "#/components/schemas/Envelope", gone);
            expect(gone.success).toBe(false);
          } else if (c.op === "getMissing") {
            const r = await call({ action: "get_member", id: "no-such-member" });
            expectValid(validate, "#/components/schemas/Envelope", r);
            expect(r.success).toBe(false);
          } else if (c.op === "list" || c.op === "listByName") {
            const seen: string[] = [];
            const orderby = c.op === "listByName" ? { orderby: "lname" } : {};
            for (let offset = 0; ; offset += c.limit) {
              const r = await call({
                action: "get_all_members",
                limit: String(c.limit),
                offset: String(offset),
                ...orderby,
              });
              expectValid(validate, "#/components/schemas/GetAllMembersResponse", r);
              seen.push(...r.members.map((m: { id: string }) => m.id));
              if (r.members.length < c.limit) break;
            }
            // orderby: by last name, members with the same one in the order they were created.
            const byName = (a: string, b: string) => {
              const [x, y] = [model.get(a)!.lname, model.get(b)!.lname];
              return x < y ? -1 : x > y ? 1 : 0;
            };
            expect(seen).toEqual(c.op === "listByName" ? [...ids()].sort(byName) : ids());
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("trustedtwin twins: the mock agrees with a model (fast-check)", () => {
  let mock: Mock;
  const validate = validatorFor("trustedtwin");
  const headers = {
    authorization: "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB",
    "content-type": "application/json",
  };
  const schema = (path: string, method: string, status: number) =>
    `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/responses/${status}/content/application~1json/schema`;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${mock.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  beforeAll(async () => {
    mock = await startMock({ api: "trustedtwin", port: 0 });
  });
  afterAll(() => mock?.stop());

  const serial = fc.stringMatching(/^[A-Z]{2}[0-9]{3}$/);
  const command = fc.oneof(
    fc.record({ op: fc.constant("create" as const), serial }),
    fc.record({ op: fc.constant("get" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("update" as const), pick: fc.nat(), serial }),
    fc.record({ op: fc.constant("terminate" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("scan" as const), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant("getMissing" as const) }),
    fc.record({
      op: fc.constant("setEntry" as const),
      pick: fc.nat(),
      key: fc.constantFrom("temp_c", "door", "level"),
      value: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom("open", "shut")),
    }),
    fc.record({ op: fc.constant("readValues" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("readHistory" as const), pick: fc.nat() }),
  );

  it("twins, their ledger values and history: every call sees exactly what was done; a second terminate is refused", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 14 }), async (commands) => {
        await mock.reset();
        const model = new Map<string, { serial?: string; status: string }>();
        const ledgers = new Map<string, Map<string, unknown>>();
        // Values recorded per entry that keeps a history, oldest first (the seed's from the mock).
        const histories = new Map<string, Map<string, unknown[]>>();
        const historyOf = async (twin: string) => {
          if (!histories.has(twin)) {
            const r = await call("GET", `/twins/${twin}/ledgers/personal/history`);
            expect(r.status).toBe(200);
            const seeded = Object.entries(r.body.entries).map(([k, records]) => [
              k,
              Object.values(records as Record<string, unknown>).reverse(),
            ]);
            histories.set(twin, new Map(seeded as [string, unknown[]][]));
          }
          return histories.get(twin)!;
        };
        const ledgerOf = async (twin: string) => {
          // The seed's entries (the spec's examples) are the model's start.
          if (!ledgers.has(twin)) {
            const r = await call("GET", `/twins/${twin}/ledgers/personal/value`);
            expect(r.status).toBe(200);
            ledgers.set(twin, new Map(Object.entries(r.body.entries).map(([k, v]) => [k, (v as any).value])));
          }
          return ledgers.get(twin)!;
        };
        const scanAll = async (count: number) => {
          const seen: string[] = [];
          let cursor: string | null | undefined;
          do {
            const r = await call("GET", `/twins?count=${count}${cursor ? `&cursor=${cursor}` : ""}`);
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins", "get", 200), r.body);
            seen.push(...r.body.twins);
            cursor = r.body.cursor;
          } while (cursor);
          return seen;
        };
        for (const id of await scanAll(100)) model.set(id, { status: "alive" });
        const ids = () => [...model.keys()];
        for (const c of commands) {
          const pick = "pick" in c ? ids()[c.pick % Math.max(1, ids().length)] : undefined;
          if (c.op === "create") {
            const r = await call("POST", "/twins", { description: { serial: c.serial } });
            expect(r.status).toBe(201);
            expectValid(validate, schema("/twins", "post", 201), r.body);
            const id = r.body.creation_certificate.uuid;
            expect(model.has(id)).toBe(false);
            model.set(id, { serial: c.serial, status: "alive" });
          } else if (c.op === "get" && pick) {
            const r = await call("GET", `/twins/${pick}`);
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins/{twin}", "get", 200), r.body);
            expect(r.body.status).toBe(model.get(pick)!.status);
            if (model.get(pick)!.serial) expect(r.body.description).toEqual({ serial: model.get(pick)!.serial });
          } else if (c.op === "update" && pick) {
            const r = await call("PATCH", `/twins/${pick}`, { description: { serial: c.serial } });
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins/{twin}", "patch", 200), r.body);
            model.get(pick)!.serial = c.serial;
          } else if (c.op === "terminate" && pick) {
            const r = await call("DELETE", `/twins/${pick}`);
            if (model.get(pick)!.status === "terminated") {
              // The spec: "A second call fails with 400 subcode 400358."
              expect(r.status).toBe(400);
              expectValid(validate, "#/components/schemas/Error", r.body);
              expect(r.body.subcode).toBe(400358);
              continue;
            }
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins/{twin}", "delete", 200), r.body);
            expect(r.body.status).toBe("terminated");
            model.get(pick)!.status = "terminated";
          } else if (c.op === "setEntry" && pick) {
            const ledger = await ledgerOf(pick);
            const path = "/twins/{twin}/ledgers/{ledger}";
            const adding = !ledger.has(c.key);
            // New `temp_c` entries keep a history; the others do not.
            const keeps = adding ? c.key === "temp_c" : (await historyOf(pick)).has(c.key);
            const body = { entries: { [c.key]: { value: c.value, ...(adding && keeps ? { history: "1D" } : {}) } } };
            const history = await historyOf(pick);
            if (keeps && (adding || JSON.stringify(ledger.get(c.key)) !== JSON.stringify(c.value)))
              history.set(c.key, [...(history.get(c.key) ?? []), c.value]);
            const r = await call(adding ? "POST" : "PATCH", `/twins/${pick}/ledgers/personal`, body);
            expect(r.status).toBe(adding ? 201 : 200);
            expectValid(validate, schema(path, adding ? "post" : "patch", adding ? 201 : 200), r.body);
            expect(r.body.entries[c.key].value).toEqual(c.value);
            ledger.set(c.key, c.value);
          } else if (c.op === "readValues" && pick) {
            const ledger = await ledgerOf(pick);
            const r = await call("GET", `/twins/${pick}/ledgers/personal/value`);
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins/{twin}/ledgers/{ledger}/value", "get", 200), r.body);
            const values = Object.fromEntries(Object.entries(r.body.entries).map(([k, v]) => [k, (v as any).value]));
            expect(values).toEqual(Object.fromEntries(ledger));
          } else if (c.op === "readHistory" && pick) {
            const history = await historyOf(pick);
            const r = await call("GET", `/twins/${pick}/ledgers/personal/history`);
            expect(r.status).toBe(200);
            expectValid(validate, schema("/twins/{twin}/ledgers/{ledger}/history", "get", 200), r.body);
            const got = Object.fromEntries(
              Object.entries(r.body.entries).map(([k, records]) => [k, Object.values(records as object)]),
            );
            const want = Object.fromEntries([...history].map(([k, values]) => [k, [...values].reverse()]));
            expect(got).toEqual(want);
          } else if (c.op === "getMissing") {
            const r = await call("GET", "/twins/0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b");
            expect(r.status).toBe(404);
            expectValid(validate, "#/components/schemas/Error", r.body);
          } else if (c.op === "scan") {
            expect(await scanAll(c.count)).toEqual(ids());
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
