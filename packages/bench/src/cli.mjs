#!/usr/bin/env node
// `npm run bench [-- --quick] [--out <dir>] [--only a,b]`: measures specforge against its peers
// in one run and writes <out>/benchmarks.md and <out>/benchmarks.svg. The default <out> is the
// repo's docs/ for a full run, and <os tmpdir>/specforge-bench for --quick or --only.
import { realpathSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { machine, makeTempDir, repoRoot, versionOf } from "./util.mjs";
import { prepareGithubInput } from "./specs.mjs";
import { renderMarkdown, renderSvg } from "./report.mjs";
import { missingRow } from "./rows.mjs";
import { generation, FIGURE as GEN } from "./figures/generation.mjs";
import { typecheck, FIGURE as TC } from "./figures/typecheck.mjs";
import { overhead, FIGURE as OVERHEAD } from "./figures/overhead.mjs";
import { bundleWeight, FIGURE as BUNDLE } from "./figures/bundle.mjs";
import { mock, FIGURE as MOCK } from "./figures/mock.mjs";
import { mockState, FIGURE as MOCK_STATE } from "./figures/mock-state.mjs";
import { msw, FIGURE as MSW } from "./figures/msw.mjs";
import { pipeline, FIGURE as PIPELINE } from "./figures/pipeline.mjs";
import { pagination, FIGURE as PAGINATION } from "./figures/pagination.mjs";
import { importFigure, FIGURE as IMPORT } from "./figures/import.mjs";
import { mcpFigure, FIGURE as MCP } from "./figures/mcp.mjs";

export const FIGURES = [
  { id: "generation", title: GEN },
  { id: "typecheck", title: TC },
  { id: "overhead", title: OVERHEAD },
  { id: "bundle", title: BUNDLE },
  { id: "mock", title: MOCK },
  { id: "mock-state", title: MOCK_STATE },
  { id: "msw", title: MSW },
  { id: "pipeline", title: PIPELINE },
  { id: "pagination", title: PAGINATION },
  { id: "import", title: IMPORT },
  { id: "mcp", title: MCP },
];

const PROFILES = {
  full: {
    runs: {
      generation: 3,
      heyApiGeneration: 2,
      typecheck: 1,
      overhead: 3,
      mock: 3,
      pipelineCold: 1,
      pipelineWarm: 2,
      pagination: 2,
      import: 2,
      mcp: 20,
      msw: 3,
    },
    counts: {
      msw: { total: 2000, concurrency: 16 },
      overhead: { calls: 5000, warmup: 500 },
      mock: { warmup: 200, sequential: 300, concurrentTotal: 800, concurrency: 16 },
      pagination: { items: 100_000 },
    },
    mockApis: ["trustedtwin", "middletwin", "midaxo", "midaxo-oauth"],
  },
  quick: {
    runs: {
      generation: 1,
      heyApiGeneration: 1,
      typecheck: 1,
      overhead: 1,
      mock: 1,
      pipelineCold: 0,
      pipelineWarm: 0,
      pagination: 1,
      import: 1,
      mcp: 0, // sizes only (figures/mcp.mjs)
      msw: 1,
    },
    counts: {
      msw: { total: 300, concurrency: 16 },
      overhead: { calls: 200, warmup: 50 },
      mock: { warmup: 10, sequential: 50, concurrentTotal: 200, concurrency: 16 },
      pagination: { items: 2000 },
    },
    mockApis: ["middletwin"],
  },
};

export async function runBench({ quick = false, out = path.join(repoRoot, "docs"), only, log = console.log } = {}) {
  const started = performance.now();
  const profile = quick ? PROFILES.quick : PROFILES.full;
  const selected = only?.length ? FIGURES.filter((f) => only.includes(f.id)) : FIGURES;
  const meta = {
    quick,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: machine(),
    versions: {
      typescript: versionOf("typescript"),
      "openapi-typescript": versionOf("openapi-typescript"),
      "openapi-fetch": versionOf("openapi-fetch"),
      "@hey-api/openapi-ts": versionOf("@hey-api/openapi-ts"),
      "@octokit/openapi": versionOf("@octokit/openapi"),
      esbuild: versionOf("esbuild"),
      "@stoplight/prism-cli": versionOf("@stoplight/prism-cli"),
      turbo: versionOf("turbo"),
      "@redocly/cli": versionOf("@redocly/cli"),
      "openapi-mcp-generator": versionOf("openapi-mcp-generator"),
      "specforge (@specforge/runtime)": versionOf("@specforge/runtime"),
    },
  };
  const workDir = await makeTempDir();
  log(`bench: ${quick ? "quick" : "full"} run; work dir ${workDir}`);
  const figures = [];
  let input;
  let genDirs;
  const needsInput = selected.some((f) => f.id === "generation" || f.id === "typecheck");
  if (needsInput) input = await prepareGithubInput(workDir, { quick });
  try {
    for (const figure of selected) {
      const t0 = performance.now();
      log(`bench: ${figure.title}`);
      try {
        let result;
        switch (figure.id) {
          case "generation":
            result = await generation({ input, workDir, runs: profile.runs, log, quick });
            genDirs = result.outDirs;
            break;
          case "typecheck":
            if (!genDirs) {
              // Generated types are needed: one run of each generator.
              genDirs = (
                await generation({
                  input,
                  workDir,
                  runs: { generation: 1, heyApiGeneration: 1 },
                  log: () => {},
                  quick: true,
                })
              ).outDirs;
            }
            result = await typecheck({ workDir, genDirs, runs: profile.runs, log });
            break;
          case "overhead":
            result = await overhead({ runs: profile.runs, counts: profile.counts.overhead, log, quick });
            break;
          case "bundle":
            result = await bundleWeight({ workDir, log });
            break;
          case "mock":
            result = await mock({ runs: profile.runs, counts: profile.counts.mock, apis: profile.mockApis, log });
            if (quick) result.details.unshift(`--quick: only the ${profile.mockApis.join(", ")} mock.`, "");
            break;
          case "msw":
            result = await msw({
              runs: profile.runs.msw,
              counts: profile.counts.msw,
              apis: quick ? profile.mockApis : undefined,
              log,
            });
            break;
          case "mock-state":
            result = await mockState({
              runs: profile.runs,
              counts: { ...profile.counts.mock, stateCreates: quick ? 10_000 : 100_000 },
              log,
            });
            break;
          case "pipeline":
            result = quick
              ? {
                  rows: [
                    missingRow({
                      figure: figure.title,
                      measure: "cold and warm `npm run build` + `npm run docs`",
                      target: { text: "cold ≤ 15 s, warm ≤ 1 s" },
                      reason: "skipped in --quick (it rebuilds the workspace)",
                    }),
                  ],
                  details: ["Skipped in --quick: it would rebuild the workspace under whatever else is running."],
                }
              : await pipeline({ runs: profile.runs, log });
            break;
          case "pagination":
            result = await pagination({ runs: profile.runs, counts: profile.counts.pagination, log });
            break;
          case "import":
            result = await importFigure({ workDir, runs: profile.runs, log, quick });
            break;
          case "mcp":
            result = await mcpFigure({ runs: profile.runs, log, quick });
            if (quick)
              result.details.unshift("--quick: only middletwin's tools/list (reads only, no execute timing).", "");
            break;
        }
        figures.push({ ...result, id: figure.id, title: figure.title });
      } catch (error) {
        log(`bench: ${figure.title} failed: ${error.stack ?? error}`);
        figures.push({
          id: figure.id,
          title: figure.title,
          error: error.message.split("\n")[0],
          rows: [
            missingRow({
              figure: figure.title,
              measure: figure.title,
              reason: `error: ${error.message.split("\n")[0]}`,
            }),
          ],
          details: [],
        });
      }
      log(`bench: ${figure.title} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  meta.durationMs = performance.now() - started;
  await fs.mkdir(out, { recursive: true });
  const report = { figures, meta };
  await fs.writeFile(path.join(out, "benchmarks.md"), renderMarkdown(report));
  await fs.writeFile(path.join(out, "benchmarks.svg"), renderSvg(report));
  log(`bench: wrote ${path.join(out, "benchmarks.md")} and benchmarks.svg in ${(meta.durationMs / 1000).toFixed(1)} s`);
  return report;
}

const realpath = (file) => {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
};
const isMain = process.argv[1] && realpath(path.resolve(process.argv[1])) === realpath(fileURLToPath(import.meta.url));
if (isMain || process.env.SPECFORGE_BENCH_MAIN === "1") {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      out: { type: "string" },
      only: { type: "string" },
    },
  });
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((id) => !FIGURES.some((f) => f.id === id));
  if (unknown?.length) {
    console.error(`bench: unknown figure ${unknown.join(", ")}; choose from ${FIGURES.map((f) => f.id).join(", ")}`);
    process.exit(2);
  }
  // Only a full run of every figure replaces docs/benchmarks.{md,svg}; partial runs go elsewhere.
  const partial = values.quick || only?.length;
  const out = values.out ? path.resolve(values.out) : partial ? path.join(os.tmpdir(), "specforge-bench") : undefined;
  const report = await runBench({ quick: values.quick, out, only });
  process.exit(report.figures.some((f) => f.error) ? 1 : 0);
}
