// Figure 1: generation time and peak memory at scale. Each tool runs in its own fresh Node
// process (same parsed input, same output writing); rounds are interleaved so drift in the
// machine's load hits every tool alike. Time is the child's wall clock, spawn to exit.
import fs from "node:fs/promises";
import path from "node:path";
import { runChild, fmt, stats } from "../util.mjs";
import { ratioRow } from "../rows.mjs";
import { describeShares, summariseProfileDir } from "../profile.mjs";
import { makeTempDir } from "../util.mjs";

export const FIGURE = "Generation time and peak memory at scale";

export async function generation({ input, workDir, runs, log, quick = false }) {
  const outDirs = {
    specforge: path.join(workDir, "gen-specforge"),
    "openapi-typescript": path.join(workDir, "gen-openapi-typescript"),
    "hey-api": path.join(workDir, "gen-hey-api"),
  };
  const samples = { specforge: [], "openapi-typescript": [], "hey-api": [] };
  const rounds = Math.max(runs.generation, runs.heyApiGeneration);
  for (let round = 0; round < rounds; round++) {
    const tools = ["specforge", "openapi-typescript"];
    if (round < runs.heyApiGeneration) tools.push("hey-api");
    // Alternate the order so neither tool always runs right after the other.
    if (round % 2) tools.reverse();
    for (const tool of tools) {
      if (round >= runs.generation && tool !== "hey-api") continue;
      const out = await runChild("generate.mjs", [tool, input.file, outDirs[tool]], { timeoutMs: 300_000 });
      samples[tool].push({ wallMs: out.wallMs, ...out.result });
      log(`  generation ${tool} round ${round + 1}: ${fmt.s(out.wallMs)}, peak RSS ${fmt.mb(out.result.maxRssBytes)}`);
    }
  }
  const wall = (tool) => samples[tool].map((s) => s.wallMs);
  const rss = (tool) => samples[tool].map((s) => s.maxRssBytes);

  // Where specforge's time goes (one extra run, its steps timed one by one) and a CPU profile.
  const steps = quick
    ? {}
    : (
        await runChild("generate.mjs", ["specforge-steps", input.file, path.join(workDir, "gen-steps")], {
          timeoutMs: 300_000,
        })
      ).result.steps;
  const stepsText = Object.entries(steps)
    .map(([name, ms]) => `${name} ${fmt.ms(ms)}`)
    .join(", ");
  let profileText;
  const whyTime = async () => {
    if (quick) return "not diagnosed in --quick (start-up dominates a small spec)";
    if (profileText === undefined) {
      const profDir = await makeTempDir("specforge-bench-prof-");
      await runChild("generate.mjs", ["specforge", input.file, path.join(workDir, "gen-prof")], {
        nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profDir}`],
        timeoutMs: 300_000,
      });
      const summary = await summariseProfileDir(profDir);
      await fs.rm(profDir, { recursive: true, force: true });
      profileText = summary ? `CPU profile of specforge's run by package: ${describeShares(summary.buckets)}` : "";
    }
    const m = (tool, key) => stats(samples[tool].map((x) => x[key])).median;
    return (
      `medians: process ${fmt.s(m("specforge", "wallMs"))} vs ${fmt.s(m("openapi-typescript", "wallMs"))}, of which importing the tool ${fmt.ms(m("specforge", "importMs"))} vs ${fmt.ms(m("openapi-typescript", "importMs"))} ` +
      `(the @specforge/codegen entry also loads its linter and bundler, @redocly/openapi-core 2.x, which emitClientFiles does not use; importing only emit.mjs + derive.mjs takes ${fmt.ms(steps["import of emit.mjs + derive.mjs alone"])}) and generating ${fmt.s(m("specforge", "generateMs"))} vs ${fmt.s(m("openapi-typescript", "generateMs"))}; ` +
      `step timings: ${stepsText}. ${profileText}. Paired ratios spread ${fmt.x(timeVsOats.ratio.min)}–${fmt.x(timeVsOats.ratio.max)} with the machine's load`
    );
  };

  const rows = [];
  const timeVsOats = ratioRow({
    figure: FIGURE,
    measure: "time: specforge / openapi-typescript",
    a: { name: "specforge", values: wall("specforge") },
    b: { name: "openapi-typescript", values: wall("openapi-typescript") },
    format: fmt.s,
    target: { max: 1.3, text: "≤ 1.3×" },
  });
  if (timeVsOats.met === false) timeVsOats.why = await whyTime();
  rows.push(timeVsOats);
  const timeVsHey = ratioRow({
    figure: FIGURE,
    measure: "time: specforge / hey-api",
    a: { name: "specforge", values: wall("specforge") },
    b: { name: "hey-api", values: wall("hey-api") },
    format: fmt.s,
    target: { max: 0.25, text: "≤ 0.25× (≥ 4× faster)" },
  });
  if (timeVsHey.met === false) timeVsHey.why = await whyTime();
  rows.push(timeVsHey);
  const memVsOats = ratioRow({
    figure: FIGURE,
    measure: "peak RSS: specforge / openapi-typescript",
    a: { name: "specforge", values: rss("specforge") },
    b: { name: "openapi-typescript", values: rss("openapi-typescript") },
    format: fmt.mb,
    target: { max: 1.2, text: "≤ 1.2×" },
  });
  if (memVsOats.met === false) {
    memVsOats.why = `specforge keeps the parsed document, a structuredClone of it (for openapi-typescript, which mutates its input) and the AST alive at once; steps: ${stepsText}`;
  }
  rows.push(memVsOats);
  rows.push(
    ratioRow({
      figure: FIGURE,
      measure: "peak RSS: specforge / hey-api",
      a: { name: "specforge", values: rss("specforge") },
      b: { name: "hey-api", values: rss("hey-api") },
      format: fmt.mb,
    }),
  );

  const sizes = (tool) => {
    const files = samples[tool].at(-1)?.files ?? {};
    const total = Object.values(files).reduce((a, b) => a + b, 0);
    return `${Object.keys(files).length} files, ${fmt.mb(total)}`;
  };
  const details = [
    `Input: ${input.label}, ${input.operations.toLocaleString("en-US")} operations. Each run is a fresh \`node\` process that parses the JSON, generates and writes the files; time is spawn to exit, memory is the process's peak RSS (\`process.resourceUsage().maxRSS\`).`,
    "",
    "| tool | what it generates | runs | wall time, median [min–max] | importing the tool | generating | peak RSS | output |",
    "|---|---|---|---|---|---|---|---|",
    ...[
      ["specforge", "`emitClientFiles`: openapi-typescript types + operation table (the facade's input)"],
      ["openapi-typescript", "`openapiTS` + `astToString`: types only"],
      ["hey-api", "`createClient`, default plugins: types + SDK functions + fetch client"],
    ].map(([tool, what]) => {
      const s = samples[tool];
      return `| ${tool} | ${what} | ${s.length} | ${fmt.range(stats(wall(tool)), fmt.s)} | ${fmt.range(stats(s.map((x) => x.importMs)), fmt.ms)} | ${fmt.range(stats(s.map((x) => x.generateMs)), fmt.s)} | ${fmt.range(stats(rss(tool)), fmt.mb)} | ${sizes(tool)} |`;
    }),
    ...(stepsText ? ["", `specforge's steps, timed one by one in a separate run: ${stepsText}.`] : []),
  ];
  return { id: "generation", title: FIGURE, rows, details, outDirs };
}
