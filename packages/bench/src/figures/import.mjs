// Import + generate of the largest corpus description (packages/corpus/corpus.json, by
// operation count) with `add-provider --spec`, against plain openapi-typescript on the same
// file. Each run is a fresh process; specforge's runs each get a fresh copy of the repository
// (made before the clock starts). Rounds alternate the order so the machine's load hits both.
import fs from "node:fs/promises";
import path from "node:path";
import { corpusSpecs, specFile } from "@specforge/corpus";
import { copyRepository } from "@specforge/testkit/repo-copy";
import { fmt, runChild, stats } from "../util.mjs";
import { ratioRow } from "../rows.mjs";

export const FIGURE = "Import of the largest corpus spec";

export async function importFigure({ workDir, runs, log, quick = false }) {
  // --quick smokes the figure on the smallest description instead (the largest takes minutes).
  const largest = corpusSpecs().reduce((a, b) =>
    (quick ? b.operations < a.operations : b.operations > a.operations) ? b : a,
  );
  const file = specFile(largest);
  const samples = { specforge: [], "openapi-typescript": [] };
  const results = {};
  for (let round = 0; round < runs.import; round++) {
    const tools = round % 2 ? ["openapi-typescript", "specforge"] : ["specforge", "openapi-typescript"];
    for (const tool of tools) {
      let copy;
      let args;
      if (tool === "specforge") {
        copy = await copyRepository("specforge-bench-import-");
        args = [tool, file, copy, `${largest.name}-import`];
      } else {
        args = [tool, file, path.join(workDir, `import-oats-${round}`)];
      }
      try {
        const out = await runChild("import.mjs", args, { timeoutMs: 900_000 });
        samples[tool].push(out.wallMs);
        results[tool] = out.result;
        log(`  import ${tool} round ${round + 1}: ${fmt.s(out.wallMs)}, peak RSS ${fmt.mb(out.result.maxRssBytes)}`);
      } finally {
        if (copy) await fs.rm(copy, { recursive: true, force: true });
      }
    }
  }
  const row = ratioRow({
    figure: FIGURE,
    measure: `time: add-provider --spec (import + generate) / openapi-typescript, ${largest.name}`,
    a: { name: "specforge", values: samples.specforge },
    b: { name: "openapi-typescript", values: samples["openapi-typescript"] },
    format: fmt.s,
  });
  const size = (tool) =>
    Object.entries(results[tool]?.files ?? {})
      .map(([f, b]) => `${f} ${fmt.mb(b)}`)
      .join(", ");
  const details = [
    ...(quick ? ["--quick: the smallest corpus description, not the largest; not representative.", ""] : []),
    `Input: ${largest.api} (${largest.package}@${largest.version}, ${largest.path}), OpenAPI ${largest.openapi}, ${largest.operations.toLocaleString("en-US")} operations: the largest description of the corpus (packages/corpus/corpus.json).`,
    "",
    "| tool | what it does | runs | wall time, median [min–max] | peak RSS (last run) | output |",
    "|---|---|---|---|---|---|",
    `| specforge | \`npm run add-provider -- ${largest.name}-import --spec <file> --no-install\` in a fresh copy of the repository: keep the file, write overlay, registry entry and client package, upgrade 3.0 → 3.1, lint, bundle, derive (docs and mock views) and generate | ${samples.specforge.length} | ${fmt.range(stats(samples.specforge), fmt.s)} | ${fmt.mb(results.specforge?.maxRssBytes ?? 0)} | ${size("specforge")} |`,
    `| openapi-typescript | \`openapiTS(file)\` + \`astToString\`, written to one file | ${samples["openapi-typescript"].length} | ${fmt.range(stats(samples["openapi-typescript"]), fmt.s)} | ${fmt.mb(results["openapi-typescript"]?.maxRssBytes ?? 0)} | ${size("openapi-typescript")} |`,
  ];
  return { rows: [row], details };
}
