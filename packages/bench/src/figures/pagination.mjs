// Figure 7: pagination memory. Each paginator iterates every item of a computed 100-per-page
// listing in a fresh `node --expose-gc` process against the local stub server; RSS growth is the
// peak RSS while iterating minus the RSS after the first pages. A raw fetch loop over the same
// pages is the control: what any client pays for undici and V8's heap sizing.
// Growth is steady-state: peak RSS over all items minus the peak over the first 10%.
import { fmt, runChild, startChild, stats } from "../util.mjs";
import { absoluteRow } from "../rows.mjs";

export const FIGURE = "Pagination memory";

export async function pagination({ runs, counts, log }) {
  const server = await startChild("stub-server.mjs", [String(counts.items)]);
  const url = server.info.url;
  try {
    const list = await runChild("paginate.mjs", [url, "--list", "0"]);
    const names = list.result.names;
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < runs.pagination; round++) {
      for (const name of names) {
        const out = await runChild("paginate.mjs", [url, name, String(counts.items)], {
          nodeArgs: ["--expose-gc"],
          timeoutMs: 300_000,
        });
        samples[name].push(out.result);
        log(
          `  pagination ${name}: RSS +${fmt.mb(out.result.rssGrowth)}, retained heap ${fmt.mb(out.result.retainedHeap)}, ${fmt.ms(out.result.elapsedMs)}`,
        );
      }
    }
    const control = names.find((n) => n.startsWith("control"));
    const controlGrowth = stats(samples[control].map((s) => s.rssGrowth)).median;
    const rows = names
      .filter((n) => n !== control)
      .map((name) => {
        const s = samples[name];
        const retained = stats(s.map((x) => x.retainedHeap)).median;
        const heapPeak = stats(s.map((x) => x.heapGrowthPeak)).median;
        const externalPeak = stats(s.map((x) => x.externalGrowthPeak)).median;
        return absoluteRow({
          figure: FIGURE,
          measure: `${name}: RSS growth over ${counts.items.toLocaleString("en-US")} items`,
          values: s.map((x) => x.rssGrowth),
          format: fmt.mb,
          target: { max: 20 * 2 ** 20, text: "≤ 20 MB" },
          extra: `; from before the first page ${fmt.mb(stats(s.map((x) => x.rssFromStart)).median)}; heap retained after GC ${fmt.mb(retained)}`,
          why: () =>
            `no accumulation in the JS heap: after a full GC at the end it holds ${fmt.mb(retained)} more than before the first page; while iterating, the heap peaked at +${fmt.mb(heapPeak)} (garbage awaiting a major GC) and external memory at +${fmt.mb(externalPeak)}; the rest of the RSS is memory V8 and the allocator keep mapped. ` +
            `The control (raw fetch over the same pages, no client) grows ${fmt.mb(controlGrowth)} by the same measure`,
        });
      });
    const details = [
      `${counts.items.toLocaleString("en-US")} items, 100 per page, ${runs.pagination} run(s) each, every run a fresh \`node --expose-gc\` process; RSS sampled every 500 items. ` +
        `RSS growth = peak RSS over all items minus the peak over the first 10% (code compiled, sockets open, V8's heap at its working size), so it shows accumulation, not start-up; "from start" = peak RSS minus RSS after a forced GC before the first page. "Retained heap" = heapUsed after a forced GC at the end minus before the first page.`,
      "",
      "| paginator | RSS growth | RSS from start | peak heap growth | peak external growth | retained heap after GC | time |",
      "|---|---|---|---|---|---|---|",
      ...names.map((n) => {
        const s = samples[n];
        const f = (k, fn) => fmt.range(stats(s.map((x) => x[k])), fn);
        return `| ${n} | ${f("rssGrowth", fmt.mb)} | ${f("rssFromStart", fmt.mb)} | ${f("heapGrowthPeak", fmt.mb)} | ${f("externalGrowthPeak", fmt.mb)} | ${f("retainedHeap", fmt.mb)} | ${f("elapsedMs", fmt.ms)} |`;
      }),
    ];
    return { id: "pagination", title: FIGURE, rows, details };
  } finally {
    await server.stop();
  }
}
