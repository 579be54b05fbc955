// Pagination memory: `node --expose-gc paginate.mjs <serverUrl> <paginator> <items>`.
// Iterates every item of one paginator of the clients (cursor, offset or window style, through
// @specforge/runtime's paginate) and samples RSS and heap as it goes.
import { createMidaxoClient } from "@specforge/midaxo";
import { createMiddletwinClient } from "@specforge/middletwin";
import { createTrustedTwinClient } from "@specforge/trustedtwin";
import { report } from "../util.mjs";

const [baseUrl, name, itemsArg] = process.argv.slice(2);
const items = Number(itemsArg);
const settings = { maxRetries: 2, timeoutMs: 10_000 };
const tt = createTrustedTwinClient({ secret: "bench-secret", baseUrl, ...settings });
const midaxo = createMidaxoClient({
  region: "eu",
  clientId: "id",
  clientSecret: "secret",
  baseUrl,
  tokenUrl: `${baseUrl}/oauth/token`,
  ...settings,
});
const mt = createMiddletwinClient({ publicKey: "pk", secretKey: "sk", baseUrl, ...settings });

const TWIN = "00000000-0000-4000-8000-000000000001";
const paginators = {
  "cursor (trustedtwin scan_twins)": () => tt.paginate.scan_twins({ query: { count: 100 } }),
  "cursor (midaxo list_processes)": () => midaxo.paginate.list_processes({ query: { first: 100 } }),
  "offset (trustedtwin list_stickers)": () => tt.paginate.list_stickers({ query: { limit: 100 } }),
  "offset (middletwin get_all_members)": () => mt.paginate.get_all_members({ limit: 100 }),
  "window (trustedtwin get_twin_ledger_entry_history)": () =>
    tt.paginate.get_twin_ledger_entry_history({ path: { twin: TWIN, ledger: "personal" }, query: { limit: 100 } }),
  // Control: the same cursor pages through a plain fetch loop, no client and no paginator.
  "control: raw fetch loop over the same cursor pages": async function* () {
    let cursor = "0";
    while (cursor !== null) {
      const res = await fetch(`${baseUrl}/twins?count=100&cursor=${cursor}`, {
        headers: { Authorization: "bench-secret" },
      });
      const page = await res.json();
      yield* page.twins;
      cursor = page.cursor;
    }
  },
};
if (name === "--list") {
  report({ names: Object.keys(paginators) });
  process.exit(0);
}
const make = paginators[name];
if (!make) throw new Error(`unknown paginator ${name}`);

// RSS is sampled every 500 items. Growth = the peak RSS over the whole iteration minus the
// peak over its first 10% (by then code is compiled, sockets are open and V8's heap has reached
// its working size): a paginator that holds one page at a time does not grow after that.
const warmItems = Math.max(500, Math.floor(items / 10));
globalThis.gc?.();
const start = process.memoryUsage();
let count = 0;
let peakWarm = 0;
let peakAll = 0;
let peakHeap = 0;
let peakExternal = 0;
const started = performance.now();
for await (const _item of make()) {
  count++;
  if (count % 500 === 0) {
    const m = process.memoryUsage();
    if (count <= warmItems && m.rss > peakWarm) peakWarm = m.rss;
    if (m.rss > peakAll) peakAll = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    if (m.external > peakExternal) peakExternal = m.external;
  }
}
const elapsedMs = performance.now() - started;
globalThis.gc?.();
const end = process.memoryUsage();
if (count !== items) throw new Error(`${name}: iterated ${count} items, expected ${items}`);
report({
  name,
  items: count,
  elapsedMs,
  startRss: start.rss,
  warmItems,
  rssGrowth: Math.max(peakAll, end.rss) - peakWarm,
  rssFromStart: Math.max(peakAll, end.rss) - start.rss,
  heapGrowthPeak: peakHeap - start.heapUsed,
  retainedHeap: end.heapUsed - start.heapUsed,
  externalGrowthPeak: peakExternal - start.external,
  maxRss: process.resourceUsage().maxRSS * 1024,
});
