// The stateful mock through the client: a twin, its identities and ledger entries live across
// calls. This file starts its own mock (its own store), so nothing another test file does reaches it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "@specforge/mock";
import { createTrustedTwinClient, NotFoundError, TrustedTwinError } from "../src/index.js";

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

  it("a second terminate_twin answers 400 with subcode 400358; the terminated twin keeps its ledger", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const path = { twin, ledger: "personal" };
    await tt.add_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 19 } } } });
    await tt.terminate_twin({ path: { twin } });
    const error = await tt.terminate_twin({ path: { twin } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustedTwinError);
    expect(error).toMatchObject({ status: 400, subcode: 400358 });
    expect(String((error as Error).message)).toMatch(/already terminated/);
    // The reference: ledger entries can still be attached to (and read from) a terminated twin.
    expect((await tt.get_twin_ledger_entry_value({ path })).entries.temp_c?.value).toBe(19);
    await tt.add_twin_ledger_entry({ path, body: { entries: { door: { value: "shut" } } } });
    expect(Object.keys((await tt.get_twin_ledger_entry({ path })).entries).sort()).toEqual(["door", "temp_c"]);
  });

  it("ledger values come from the store: update_twin_ledger_entry's value is what get_twin_ledger_entry_value answers", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const path = { twin, ledger: "personal" };
    const before = Date.now() / 1000;
    await tt.add_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 20.5 }, door: { value: "open" } } } });
    const added = (await tt.get_twin_ledger_entry_value({ path })).entries.temp_c!;
    expect(added.value).toBe(20.5);
    // Timestamps are the mock's clock, not the example's (1700000000.123).
    expect(added.entry_created_ts).toBeGreaterThanOrEqual(Math.floor(before));
    expect(added.value_changed_ts).toBe(added.entry_created_ts);

    await tt.update_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 22 } } } });
    const values = await tt.get_twin_ledger_entry_value({ path });
    expect(Object.keys(values.entries).sort()).toEqual(["door", "temp_c"]);
    expect(values.entries.temp_c).toMatchObject({ value: 22, entry_created_ts: added.entry_created_ts });
    expect(values.entries.temp_c!.value_changed_ts).toBeGreaterThanOrEqual(added.value_changed_ts);
    expect(values.entries.door?.value).toBe("open");
    expect(Object.keys((await tt.get_twin_ledger_entry_value({ path, query: { entries: "door" } })).entries)).toEqual([
      "door",
    ]);

    await tt.update_twin_ledger_entry_value({ path, body: { entries: { temp_c: { value: 23.5 } } } });
    expect((await tt.get_twin_ledger_entry({ path })).entries.temp_c?.value).toBe(23.5);
    expect((await tt.get_twin_ledger_entry_value({ path })).entries.temp_c?.value).toBe(23.5);
    const unknown = "0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c";
    await expect(
      tt.get_twin_ledger_entry_value({ path: { twin: unknown, ledger: "personal" } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("get_twin_ledger_entry and get_twin_identities apply their show_public / show_private flags", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const path = { twin, ledger: "personal" };
    const rule = "ACCOUNT.uuid == '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e'";
    await tt.add_twin_ledger_entry({
      path,
      body: { entries: { secret: { value: 1 }, shared: { value: 2, visibility: rule } } },
    });
    const keys = async (query: { show_public?: boolean; show_private?: boolean }) =>
      Object.keys((await tt.get_twin_ledger_entry({ path, query })).entries).sort();
    expect(await keys({})).toEqual(["secret", "shared"]);
    expect(await keys({ show_private: false })).toEqual(["shared"]);
    expect(await keys({ show_public: false })).toEqual(["secret"]);
    await tt.create_twin_identity({
      path: { twin },
      body: { identities: { "RFID#pub": { visibility: rule }, "RFID#own": { visibility: null } } },
    });
    const { identities } = await tt.get_twin_identities({ path: { twin }, query: { show_public: false } });
    expect(Object.keys(identities)).toEqual(["RFID#own"]);
  });

  it("ledger history comes from the store: each value an entry with `history` took, newest first, in the window asked", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const path = { twin, ledger: "personal" };
    await tt.add_twin_ledger_entry({
      path,
      body: { entries: { temp_c: { value: 20, history: "1D" }, door: { value: "open" } } },
    });
    await tt.update_twin_ledger_entry({ path, body: { entries: { temp_c: { value: 21 }, door: { value: "shut" } } } });
    await tt.update_twin_ledger_entry_value({ path, body: { entries: { temp_c: { value: 22 } } } });
    const { entries } = await tt.get_twin_ledger_entry_history({ path });
    // Only an entry configured with `history` keeps records.
    expect(Object.keys(entries)).toEqual(["temp_c"]);
    const records = entries.temp_c as Record<string, unknown>;
    expect(Object.values(records)).toEqual([22, 21, 20]);
    const times = Object.keys(records).map(Number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const latest = (await tt.get_twin_ledger_entry_value({ path })).entries.temp_c!;
    expect(times[0]).toBeCloseTo(latest.value_changed_ts, 3);
    const older = await tt.get_twin_ledger_entry_history({ path, query: { le: times[1]!, limit: 1 } });
    expect(older.entries.temp_c).toEqual({ [times[1]!.toFixed(3)]: 21 });
  });

  it("stickers come from the store: put, listed under the caller's account, read, removed; expired ones are gone", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    const recipients = ["5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"];
    const now = Date.now() / 1000;
    await tt.put_sticker({
      path: { twin },
      body: {
        stickers: {
          red: { note: "Inspect the valve.", recipients },
          "due-soon": { recipients, validity_ts: now + 3600 },
          "long-gone": { recipients, validity_ts: now - 60 },
        },
      },
    });
    const { accounts } = await tt.get_stickers({ path: { twin } });
    expect(Object.keys(accounts)).toHaveLength(1);
    const mine = Object.values(accounts)[0]!;
    // An expired sticker (validity_ts in the past) is gone; without validity_ts, a sticker lives a year.
    expect(Object.keys(mine).sort()).toEqual(["due-soon", "red"]);
    expect(mine.red!.note).toBe("Inspect the valve.");
    expect(mine.red!.validity_ts).toBeGreaterThan(now + 364 * 86400);
    expect(mine["due-soon"]!.validity_ts).toBeCloseTo(now + 3600, 0);
    await expect(tt.get_sticker({ path: { twin, color: "long-gone" } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await tt.get_sticker({ path: { twin, color: "red" } })).recipients).toEqual(recipients);

    const removed = await tt.remove_sticker({ path: { twin, color: "red" } });
    expect(removed).toMatchObject({ note: "Inspect the valve.", validity_ts: mine.red!.validity_ts });
    expect(Object.keys(removed.account ? { [removed.account]: 1 } : {})).toEqual(Object.keys(accounts));
    await expect(tt.get_sticker({ path: { twin, color: "red" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(tt.remove_sticker({ path: { twin, color: "red" } })).rejects.toBeInstanceOf(NotFoundError);
    expect(Object.keys(Object.values((await tt.get_stickers({ path: { twin } })).accounts)[0]!)).toEqual(["due-soon"]);
  });

  it("reset() brings back the spec's examples and forgets what was created", async () => {
    const twin = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
    await mock.reset();
    await expect(tt.get_twin({ path: { twin } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await tt.get_twin({ path: { twin: "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90" } })).status).toBe("alive");
  });
});
