// Memory of the stateful mock's store: `node --expose-gc state-memory.mjs <api> <action> <n>`
// runs n creates of one RPC action straight through the state (no HTTP, no Prism) and reports
// the heap growth after garbage collection, per item and in total.
import fs from "node:fs";
import { compileState, resolveMockApis } from "@specforge/mock";
import { report } from "../util.mjs";

const [api, action, count] = process.argv.slice(2);
const n = Number(count);
const [entry] = resolveMockApis([api], { companions: false });
const state = compileState(JSON.parse(fs.readFileSync(entry.mockView, "utf8")), { maxItems: n + 1000 });
const route = state.rpc.routes[action];
const body = (i) =>
  Buffer.from(JSON.stringify({ action, fname: `Member${i}`, lname: "Bench", email: `member${i}@example.org` }));
// Warm up (compiles the validators), then measure from a collected heap.
state.answer(state.match("POST", route, body(-1)), 200, undefined);
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (let i = 0; i < n; i++) state.answer(state.match("POST", route, body(i)), 200, undefined);
const ms = performance.now() - t0;
globalThis.gc();
const after = process.memoryUsage().heapUsed;
report({ items: state.store.size, bytes: after - before, ms, rss: process.memoryUsage().rss });
