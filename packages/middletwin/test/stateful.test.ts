// The stateful mock through the client: members created, read, updated, listed and deleted
// across calls. This file starts its own mock (its own store).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "@specforge/mock";
import { createMiddletwinClient, MiddletwinError } from "../src/index.js";

let mock: RunningMock;
let mt: ReturnType<typeof createMiddletwinClient>;

beforeAll(async () => {
  mock = await startMock({ api: "middletwin", port: 0 });
  mt = createMiddletwinClient({
    publicKey: "pk_live_4b1d9e7a2c",
    secretKey: "sk_live_Q8v+3mZ/x1Yp0rTq",
    baseUrl: mock.url,
  });
});
afterAll(() => mock?.stop());

describe("middletwin against the stateful mock", () => {
  it("create_member -> get_member -> update_member -> get_all_members -> delete_member", async () => {
    const { id } = await mt.create_member({
      fname: "Grace",
      lname: "Flow",
      email: "grace.flow@example.org",
      autoRenew: "true",
    });
    const second = await mt.create_member({ fname: "Alan", lname: "Flow", email: "alan.flow@example.org" });
    expect(second.id).not.toBe(id);
    const { member } = await mt.get_member({ id });
    expect(member).toMatchObject({
      id,
      fname: "Grace",
      lname: "Flow",
      email: "grace.flow@example.org",
      autoRenew: true,
    });

    await mt.update_member({ id, email: "grace@example.org" });
    expect((await mt.get_member({ id })).member.email).toBe("grace@example.org");

    const ids: string[] = [];
    for await (const m of mt.paginate.get_all_members({ limit: 2 })) ids.push((m as { id: string }).id);
    expect(ids).toContain(id);
    expect(ids).toContain(second.id);
    expect(new Set(ids).size).toBe(ids.length);

    await mt.delete_member({ id });
    const error = await mt.get_member({ id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiddletwinError);
    expect(String((error as Error).message)).toMatch(/not found/);
    const after: string[] = [];
    for await (const m of mt.paginate.get_all_members({ limit: 2 })) after.push((m as { id: string }).id);
    expect(after).not.toContain(id);
    expect(after).toContain(second.id);
  });

  it("get_all_members with the documented `orderby: lname` answers members by last name, across pages", async () => {
    await mock.reset();
    await mt.create_member({ fname: "Zoe", lname: "Aalto", email: "zoe@example.org" });
    await mt.create_member({ fname: "Ada", lname: "Zuse", email: "ada@example.org" });
    const byName: string[] = [];
    for await (const m of mt.paginate.get_all_members({ limit: "2", orderby: "lname" }))
      byName.push((m as { lname: string }).lname);
    expect(byName[0]).toBe("Aalto");
    expect(byName.at(-1)).toBe("Zuse");
    expect(byName).toEqual([...byName].sort());
    // Without orderby, members come in the order they were created (the seed first).
    const created: string[] = [];
    for await (const m of mt.paginate.get_all_members({ limit: "2" })) created.push((m as { lname: string }).lname);
    expect(created.slice(-2)).toEqual(["Aalto", "Zuse"]);
    expect([...created].sort()).toEqual(byName);
  });

  it("get_all_registrations lists the registrations of the event it names, and only those", async () => {
    await mock.reset();
    const { id: event } = await mt.create_event({ name: "Flow Show" });
    const { id } = await mt.create_registration({ event, classNumber: 300 });
    const mine = await mt.get_all_registrations({ event, limit: "25", offset: "0" });
    expect(mine.registrations.map((r) => r.id)).toEqual([id]);
    const seeded = await mt.get_all_registrations({ event: "501", limit: "25", offset: "0" });
    expect(seeded.registrations.length).toBeGreaterThan(0);
    expect(seeded.registrations.every((r) => r.event === "501")).toBe(true);
  });

  it("delete_member takes the member's data with it: its payments and registrations are gone too (inferred)", async () => {
    await mock.reset();
    const payments = async () => {
      const out: { id: string; member?: string }[] = [];
      for await (const p of mt.paginate.get_all_payments({ limit: "10" }))
        out.push(p as { id: string; member?: string });
      return out;
    };
    const registrations = async () => {
      const out: { id: string; member?: string }[] = [];
      for await (const r of mt.paginate.get_all_registrations({ event: "501", limit: "10" }))
        out.push(r as { id: string; member?: string });
      return out;
    };
    // The seed's member 1001 has paid and registered (the spec's examples).
    const paid = (await payments()).filter((p) => p.member === "1001");
    expect(paid.length).toBeGreaterThan(0);
    expect((await registrations()).some((r) => r.member === "1001")).toBe(true);
    const others = (await payments()).filter((p) => p.member !== "1001").map((p) => p.id);

    await mt.delete_member({ id: "1001" });
    expect((await payments()).map((p) => p.id)).toEqual(others);
    expect((await registrations()).some((r) => r.member === "1001")).toBe(false);
    const error = await mt.get_payment({ id: paid[0]!.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiddletwinError);
    expect(String((error as Error).message)).toMatch(/not found/);
  });

  it("an id that was never created answers the envelope with success false", async () => {
    const response = await fetch(`${mock.url}/dart/core`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-apikey": "pk", "x-secretkey": "sk" },
      body: JSON.stringify({ action: "get_event", id: "no-such-event" }),
    });
    expect(await response.json()).toEqual({ success: false, errorMessage: "event no-such-event not found" });
  });

  it("every action family the model covers keeps what was created", async () => {
    const { id } = await mt.create_product({ name: "Flow mug", category: "12", price: "12.50" });
    const { product } = await mt.get_product({ id });
    expect(product).toMatchObject({ id, name: "Flow mug" });
  });
});
