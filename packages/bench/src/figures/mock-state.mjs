// Figure: the stateful mock against the stateless one. The same middletwin mock runs twice (as
// `npm run mock` runs it, and with --stateless), each in its own process; a stateful read
// (get_member of a seeded member) and a create go to both: sequential p50, then req/s with 16
// in flight. Then the store's memory after 100,000 creates (straight through the state, no HTTP).
import http from "node:http";
import { concurrent, send } from "./mock.mjs";
import { fmt, quantile, runChild, startChild, stats } from "../util.mjs";
import { absoluteRow, missingRow } from "../rows.mjs";

export const FIGURE = "Stateful mock";

const HEADERS = { "x-apikey": "pk", "x-secretkey": "sk", "content-type": "application/json" };
const CALLS = {
  get_member: {
    method: "POST",
    path: "/dart/core",
    headers: HEADERS,
    body: JSON.stringify({ action: "get_member", id: "1001" }),
  },
  create_member: {
    method: "POST",
    path: "/dart/core",
    headers: HEADERS,
    body: JSON.stringify({ action: "create_member", fname: "Bench", lname: "Mark", email: "bench@example.org" }),
  },
};

// The two mocks take turns in blocks within each round, as the overhead figure's variants do:
// a drift of the machine (a GC in one mock, the CPU's clock, another process) then falls on both
// alike instead of on whichever ran second. A mode's figure for the round sums its blocks.
const TURNS = 4;

async function measureRound(agent, base, req, modes, { sequential, concurrentTotal, concurrency }) {
  const block = (n) => Math.max(1, Math.round(n / TURNS));
  const times = Object.fromEntries(modes.map((m) => [m, []]));
  const busy = Object.fromEntries(modes.map((m) => [m, { seconds: 0, calls: 0 }]));
  for (let turn = 0; turn < TURNS; turn++)
    for (const mode of modes)
      for (let i = 0; i < block(sequential); i++) {
        const t0 = performance.now();
        const status = await send(agent, base[mode], req);
        times[mode].push(performance.now() - t0);
        if (status !== 200) throw new Error(`${base[mode]}: ${status}`);
      }
  for (let turn = 0; turn < TURNS; turn++)
    for (const mode of modes) {
      const total = block(concurrentTotal);
      const { seconds, failed } = await concurrent(agent, base[mode], req, total, concurrency);
      if (failed) throw new Error(`${base[mode]}: ${failed} of ${total} requests failed`);
      busy[mode].seconds += seconds;
      busy[mode].calls += total;
    }
  for (const mode of modes) times[mode].sort((a, b) => a - b);
  return Object.fromEntries(
    modes.map((mode) => [mode, { p50: quantile(times[mode], 0.5), rps: busy[mode].calls / busy[mode].seconds }]),
  );
}

export async function mockState({ runs, counts, log }) {
  const rows = [];
  const details = [];
  const children = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: counts.concurrency });
  const results = {};
  try {
    children.stateful = await startChild("mocks.mjs", ["middletwin"], { timeoutMs: 120_000 });
    children.stateless = await startChild("mocks.mjs", ["middletwin", "--stateless"], { timeoutMs: 120_000 });
    const base = { stateful: children.stateful.info.mocks[0].url, stateless: children.stateless.info.mocks[0].url };
    for (const [name, req] of Object.entries(CALLS)) {
      const r = (results[name] = { stateful: { p50: [], rps: [] }, stateless: { p50: [], rps: [] } });
      for (const mode of ["stateful", "stateless"])
        for (let i = 0; i < counts.warmup; i++) await send(agent, base[mode], req);
      for (let round = 0; round < runs.mock; round++) {
        const modes = round % 2 ? ["stateless", "stateful"] : ["stateful", "stateless"];
        const m = await measureRound(agent, base, req, modes, counts);
        for (const mode of modes) {
          r[mode].p50.push(m[mode].p50);
          r[mode].rps.push(m[mode].rps);
        }
        log(
          `  stateful mock ${name} round ${round + 1}: stateful ${fmt.int(r.stateful.rps.at(-1))} req/s p50 ${fmt.ms(r.stateful.p50.at(-1))}; stateless ${fmt.int(r.stateless.rps.at(-1))} req/s p50 ${fmt.ms(r.stateless.p50.at(-1))}`,
        );
      }
    }
  } finally {
    agent.destroy();
    await Promise.all(Object.values(children).map((c) => c.stop()));
  }
  for (const [name, r] of Object.entries(results)) {
    const ratio = r.stateful.rps.map((v, i) => v / r.stateless.rps[i]);
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `middletwin ${name}: stateful req/s ÷ stateless req/s at ${counts.concurrency} in flight`,
        values: ratio,
        format: (v) => `${v.toFixed(2)}×`,
        target: { min: 0.9, text: "≥ 0.9×" },
        extra: ` (stateful ${fmt.range(stats(r.stateful.rps), fmt.int)} req/s, p50 ${fmt.range(stats(r.stateful.p50), fmt.ms)}; stateless ${fmt.range(stats(r.stateless.rps), fmt.int)} req/s, p50 ${fmt.range(stats(r.stateless.p50), fmt.ms)})`,
        why: () =>
          "both paths forward to Prism first (it validates and applies security); the stateful one then reads Prism's answer and builds its own from the store, checked against the response schema",
      }),
    );
  }
  const n = counts.stateCreates ?? 100_000;
  const memory = await runChild("state-memory.mjs", ["middletwin", "create_member", String(n)], {
    nodeArgs: ["--expose-gc"],
  }).catch((error) => ({ error }));
  if (memory.result) {
    const { bytes, items, ms } = memory.result;
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `store memory after ${fmt.int(n)} creates (middletwin create_member)`,
        values: [bytes / 1024 / 1024],
        format: (v) => `${v.toFixed(1)} MB`,
        target: { max: 100, text: "≤ 100 MB (for reference: the default cap is 100,000 items)" },
        extra: ` (${Math.round(bytes / n)} bytes per item; ${fmt.int(items)} items held; ${fmt.int(n / (ms / 1000))} creates/s without HTTP)`,
        why: () => "each item is a plain object in a Map per scope",
      }),
    );
  } else
    rows.push(
      missingRow({
        figure: FIGURE,
        measure: `store memory after ${fmt.int(n)} creates`,
        reason: String(memory.error?.message ?? memory.stderr ?? "failed").split("\n")[0],
      }),
    );
  details.push(
    `Two middletwin mocks in their own processes, one stateful (the default) and one \`--stateless\`; \`get_member\` reads a seeded member, \`create_member\` stores a new one each call. ${counts.sequential} sequential requests for p50, then ${counts.concurrentTotal} with ${counts.concurrency} in flight; ${runs.mock} rounds, in which the two mocks take turns in ${TURNS} blocks each (sequential, then in flight). Memory: ${fmt.int(n)} create_member calls straight through the store (no HTTP, no Prism) in a child with --expose-gc, heap after GC minus heap before.`,
  );
  return { id: "mock-state", title: FIGURE, rows, details };
}
