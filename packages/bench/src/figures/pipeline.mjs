// Figure 6: the pipeline, absolute. `npm run build -- --force` (turbo ignores its cache) then
// `npm run docs -- --force`, cold; then the same without --force, warm. Turbo's NDJSON log (`--json`) gives
// each task's start, /usr/bin/time the CPU time of the whole process tree.
import fs from "node:fs";
import { fmt, repoRoot, runProcess, stats } from "../util.mjs";
import { absoluteRow } from "../rows.mjs";

export const FIGURE = "Pipeline";
const TIME = "/usr/bin/time";
const TIME_MARK = "@@TIME";

async function timed(command, args) {
  const haveTime = fs.existsSync(TIME);
  const out = haveTime
    ? await runProcess(TIME, ["-f", `${TIME_MARK} %e %U %S`, command, ...args], { cwd: repoRoot, timeoutMs: 300_000 })
    : await runProcess(command, args, { cwd: repoRoot, timeoutMs: 300_000 });
  const m = new RegExp(`${TIME_MARK} ([\\d.]+) ([\\d.]+) ([\\d.]+)`).exec(out.stderr);
  const cpuMs = m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN;
  if (out.code !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${out.code}):\n${(out.stderr + out.stdout).slice(-2000)}`);
  return { wallMs: out.wallMs, cpuMs, stdout: out.stdout };
}

/** Task start offsets and the cache summary from turbo's NDJSON output. */
function turboTimeline(stdout) {
  const events = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
  if (!events.length) return { text: "", cached: "" };
  const t0 = events[0].timestamp;
  const starts = new Map();
  for (const e of events) if (e.source !== "turbo" && !starts.has(e.source)) starts.set(e.source, e.timestamp - t0);
  const end = events.at(-1).timestamp - t0;
  const cached = events.find((e) => /Cached:/.test(e.text ?? ""))?.text.trim() ?? "";
  const text =
    [...starts].map(([task, at]) => `${task.replace("@specforge/", "")} +${fmt.s(at)}`).join(", ") +
    `, done +${fmt.s(end)}`;
  return { text, cached };
}

export async function pipeline({ runs, log }) {
  const npm = "npm";
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs.pipelineCold; i++) {
    const build = await timed(npm, ["run", "build", "--", "--force", "--json"]);
    const docs = await timed(npm, ["run", "docs", "--", "--force"]);
    cold.push({ build, docs, timeline: turboTimeline(build.stdout) });
    log(`  pipeline cold: build ${fmt.s(build.wallMs)} + docs ${fmt.s(docs.wallMs)}`);
  }
  for (let i = 0; i < runs.pipelineWarm; i++) {
    const build = await timed(npm, ["run", "build", "--", "--json"]);
    const docs = await timed(npm, ["run", "docs"]);
    warm.push({ build, docs, timeline: turboTimeline(build.stdout) });
    log(`  pipeline warm: build ${fmt.s(build.wallMs)} + docs ${fmt.s(docs.wallMs)} (${warm.at(-1).timeline.cached})`);
  }
  // What npm itself costs: the warm build straight through scripts/turbo.mjs.
  const direct = await timed(process.execPath, ["scripts/turbo.mjs", "run", "build"]);
  const total = (xs) => xs.map((x) => x.build.wallMs + x.docs.wallMs);
  const med = (xs, f) => stats(xs.map(f)).median;
  const rows = [
    absoluteRow({
      figure: FIGURE,
      measure: "cold: `npm run build -- --force` + `npm run docs -- --force`",
      values: total(cold),
      format: fmt.s,
      target: { max: 15_000, text: "≤ 15 s" },
      extra: ` (build ${fmt.s(med(cold, (x) => x.build.wallMs))}, docs ${fmt.s(med(cold, (x) => x.docs.wallMs))})`,
      why: () =>
        `build: turbo task starts ${cold.at(-1).timeline.text}; build CPU ${fmt.s(med(cold, (x) => x.build.cpuMs))} over ${fmt.s(med(cold, (x) => x.build.wallMs))} wall on 2 cores (the client packages' tsc runs wait for the runtime's). ` +
        `docs: ${fmt.s(med(cold, (x) => x.docs.wallMs))} wall, ${fmt.s(med(cold, (x) => x.docs.cpuMs))} CPU (redocly build-docs for every API in parallel)`,
    }),
    absoluteRow({
      figure: FIGURE,
      measure: "warm no-op: `npm run build` + `npm run docs`",
      values: total(warm),
      format: fmt.s,
      target: { max: 1000, text: "≤ 1 s" },
      extra: ` (build ${fmt.s(med(warm, (x) => x.build.wallMs))}, docs ${fmt.s(med(warm, (x) => x.docs.wallMs))})`,
      why: () =>
        `warm: build ${fmt.s(med(warm, (x) => x.build.wallMs))} (${warm.at(-1)?.timeline.cached}), docs ${fmt.s(med(warm, (x) => x.docs.wallMs))} (turbo's //#build-docs cache); ` +
        `without npm (node scripts/turbo.mjs run build) the build takes ${fmt.s(direct.wallMs)}, so npm's start-up costs ${fmt.s(med(warm, (x) => x.build.wallMs) - direct.wallMs)}`,
    }),
  ];
  const details = [
    `${runs.pipelineCold} cold and ${runs.pipelineWarm} warm run(s), in this order, on the working tree as it is (other processes on the machine were not stopped). Cold = turbo \`--force\` (no cache reads). CPU = user + system of the whole process tree (/usr/bin/time).`,
    "",
    "| run | npm run build | build CPU | npm run docs | docs CPU | turbo |",
    "|---|---|---|---|---|---|",
    ...[...cold.map((x) => ["cold", x]), ...warm.map((x) => ["warm", x])].map(
      ([kind, x]) =>
        `| ${kind} | ${fmt.s(x.build.wallMs)} | ${fmt.s(x.build.cpuMs)} | ${fmt.s(x.docs.wallMs)} | ${fmt.s(x.docs.cpuMs)} | ${x.timeline.cached || "–"} |`,
    ),
    "",
    `Turbo task starts (last cold run): ${cold.at(-1)?.timeline.text ?? "–"}.`,
  ];
  return { id: "pipeline", title: FIGURE, rows, details };
}
