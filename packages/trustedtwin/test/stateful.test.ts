// The stateful mock through the client: a twin, its identities and ledger entries live across
// calls. This file starts its own mock (its own store), so nothing another test file does reaches it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "@specforge/mock";
import { createTrustedTwinClient, NotFoundError } from "../src/index.js";

const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";
let mock: RunningMock;
let tt: ReturnType<typeof createTrustedTwinClient>;

beforeAll(async () => {
  mock = await startMock({ api: "trustedtwin", port: 0 });
  tt = createTrustedTwinClient({ secret: SECRET, baseUrl: mock.url });
});
afterAll(() => mock?.stop());

describe("trustedtwin against the stateful mock", () => {
  it("create -> get -> update -> list -> terminate: each call sees the previous ones", async () => {
    const created = await tt.create_twin({ body: { description: { serial: "FLOW-1" } } });
    const twin = created.creation_certificate.uuid;
    const other = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    expect(other).not.toBe(twin);
    expect((await tt.get_twin({ path: { twin } })).description).toEqual({ serial: "FLOW-1" });

    await tt.update_twin({ path: { twin }, body: { description: { serial: "FLOW-2" } } });
    expect((await tt.get_twin({ path: { twin } })).description).toEqual({ serial: "FLOW-2" });

    const listed: unknown[] = [];
    for await (const id of tt.paginate.scan_twins({ query: { count: 2 } })) listed.push(id);
    expect(listed).toContain(twin);
    expect(listed).toContain(other);
    expect(new Set(listed).size).toBe(listed.length);

    const terminated = await tt.terminate_twin({ path: { twin } });
    expect(terminated.status).toBe("terminated");
    expect((await tt.get_twin({ path: { twin } })).status).toBe("terminated");
  });

  it("a twin that was never created is not found (404, subcode 404653), and so are its identities", async () => {
    const twin = "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b";
    const error = await tt.get_twin({ path: { twin } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError & { subcode: number }).subcode).toBe(404653);
    await expect(tt.get_twin_identities({ path: { twin } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("identities (keyed by name): create, list, get, update, delete", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    await tt.create_twin_identity({
      path: { twin },
      body: { identities: { "RFID#flow1": {}, "SN#flow2": { visibility: null } } },
    });
    const { identities } = await tt.get_twin_identities({ path: { twin } });
    expect(Object.keys(identities).sort()).toEqual(["RFID#flow1", "SN#flow2"]);
    const one = await tt.get_twin_identity({ path: { twin, identity: "RFID#flow1" } });
    expect(one.creation_certificate.identity).toBe("RFID#flow1");
    await tt.update_twin_identity({ path: { twin, identity: "RFID#flow1" }, body: { validity_ts: 1900000000 } });
    expect((await tt.get_twin_identity({ path: { twin, identity: "RFID#flow1" } })).validity_ts).toBe(1900000000);
    await tt.delete_twin_identity({ path: { twin, identity: "RFID#flow1" } });
    await expect(tt.get_twin_identity({ path: { twin, identity: "RFID#flow1" } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(Object.keys((await tt.get_twin_identities({ path: { twin } })).identities)).toEqual(["SN#flow2"]);
  });

  it("ledger entries: added, read, updated and deleted by key", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const path = { twin, ledger: "personal" };
    await tt.add_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 20.5 }, door: { value: "open" } } } });
    expect((await tt.get_twin_ledger_entry({ path })).entries.temp_c?.value).toBe(20.5);
    await tt.update_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 22 } } } });
    expect((await tt.get_twin_ledger_entry({ path })).entries.temp_c?.value).toBe(22);
    await tt.delete_twin_ledger_entry({ path, query: { entries: "door" } });
    expect(Object.keys((await tt.get_twin_ledger_entry({ path })).entries)).toEqual(["temp_c"]);
  });

  it("reset() brings back the spec's examples and forgets what was created", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    await mock.reset();
    await expect(tt.get_twin({ path: { twin } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await tt.get_twin({ path: { twin: "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90" } })).status).toBe("alive");
  });
});
