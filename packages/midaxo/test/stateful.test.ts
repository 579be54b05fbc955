// Midaxo is read-only: the stateful mock makes its lists and gets agree (one store, seeded from
// the spec's examples). This file starts its own mocks (their own store).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, type RunningMocks } from "@specforge/mock";
import { createMidaxoClient, NotFoundError } from "../src/index.js";

const PROCESS = "7c1e4a52-3b9d-4f0e-a6d2-1f8b9c0e5a71";
let mocks: RunningMocks;
let midaxo: ReturnType<typeof createMidaxoClient>;

beforeAll(async () => {
  mocks = await startMocks({ apis: ["midaxo"], ports: 0 });
  midaxo = createMidaxoClient({
    region: "eu",
    clientId: "Xk3vQ9mT2pLr8sWz",
    clientSecret: "s3cr3t-Flow-Value-0123456789abcdef",
    baseUrl: mocks.urls.midaxo!,
    tokenUrl: `${mocks.urls["midaxo-oauth"]!}/oauth/token`,
  });
});
afterAll(() => mocks?.stop());

describe("midaxo against the stateful mock", () => {
  it("every project list_projects pages through is the project get_project returns for its id", async () => {
    const listed: { id: string }[] = [];
    for await (const p of midaxo.paginate.list_projects({ path: { processId: PROCESS }, query: { first: 2 } }))
      listed.push(p as { id: string });
    expect(listed.length).toBeGreaterThan(2);
    expect(new Set(listed.map((p) => p.id)).size).toBe(listed.length);
    for (const p of listed)
      expect(await midaxo.get_project({ path: { processId: PROCESS, projectId: p.id } })).toEqual(p);
  });

  it("list_projects applies the documented update range (updatedAfter / updatedBefore, date or date-time)", async () => {
    const all: { updatedAt?: string }[] = [];
    for await (const p of midaxo.paginate.list_projects({ path: { processId: PROCESS } }))
      all.push(p as { updatedAt?: string });
    const within = (from: string, to?: string) =>
      all
        .filter(
          (p) => Date.parse(p.updatedAt!) > Date.parse(from) && (!to || Date.parse(p.updatedAt!) < Date.parse(to)),
        )
        .map((p) => p.updatedAt);
    const after: (string | undefined)[] = [];
    for await (const p of midaxo.paginate.list_projects({
      path: { processId: PROCESS },
      query: { first: 1, updatedAfter: "2024-11-25" },
    }))
      after.push((p as { updatedAt?: string }).updatedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(all.length);
    expect(after).toEqual(within("2024-11-25"));
    const range = await midaxo.list_projects({
      path: { processId: PROCESS },
      query: { updatedAfter: "2024-11-24T00:00:00Z", updatedBefore: "2024-11-25T10:00:00Z" },
    });
    expect(range.data.map((p) => p.updatedAt)).toEqual(within("2024-11-24T00:00:00Z", "2024-11-25T10:00:00Z"));
    expect(range.data.length).toBeGreaterThan(0);
  });

  it("the documented cursor (`?first=2&after=hjkmlnp`) still answers the second page", async () => {
    const all: { id: string }[] = [];
    for await (const p of midaxo.paginate.list_projects({ path: { processId: PROCESS }, query: { first: 2 } }))
      all.push(p as { id: string });
    const page = await midaxo.list_projects({ path: { processId: PROCESS }, query: { first: 2, after: "hjkmlnp" } });
    expect(page.data.map((p) => p.id)).toEqual(all.slice(2, 4).map((p) => p.id));
  });

  it("every process list_processes returns is the one get_process returns", async () => {
    const page = await midaxo.list_processes();
    expect(page.data.length).toBeGreaterThan(0); // an empty list would check nothing
    for (const p of page.data) expect(await midaxo.get_process({ path: { processId: p.id } })).toEqual(p);
  });

  it("an id no list holds is not found (404)", async () => {
    await expect(
      midaxo.get_project({ path: { processId: PROCESS, projectId: "0f3c9a1e-5d7b-4e2a-9c8f-000000000000" } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
