// The pipeline of `npm run generate`: for every API in redocly.yaml, lint, bundle, derive, emit.
import fs from "node:fs/promises";
import path from "node:path";
import { bundle } from "@redocly/openapi-core";
import { loadRegistry, outputPaths } from "./config.mjs";
import { formatProblem, lintApi, lintImportedDocument, preflight, problemLines, SpecLintError } from "./lint.mjs";
import { importedDocument, summarizeWarnings } from "./import.mjs";
import { docsView, mockView, operationTable, restoreActionResponseRefs, rpcModel } from "./derive.mjs";
import { emitActions, emitOperations, emitSchemaTypes, writeAtomic } from "./emit.mjs";
import { writeClientPackageManifests } from "./manifest.mjs";
import { answerableMockView, mockFixWarnings, pruneDanglingExampleRefs } from "./mock-examples.mjs";
import { addListRulesToDocs, addResourceRules } from "./resource-rules.mjs";
import { addMockStateToDocs, addResourceModel, mockStateWarnings, resourceModel, stateSummary } from "./resources.mjs";
import { tourPlan } from "./tour.mjs";

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

async function removeStale(dir, keep) {
  let names = [];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  await Promise.all(names.filter((n) => n.endsWith(".gen.ts") && !keep.has(n)).map((n) => fs.rm(path.join(dir, n))));
}

/** Lints, bundles and derives one API; returns the views (used by tests and tools too). */
export async function buildApi(api, repoRoot) {
  await preflight(api, repoRoot);
  let warnings;
  let document;
  if (api.imported) {
    // A provider's published file: upgraded, overlaid and bundled in memory, then linted (import.mjs).
    const imported = await importedDocument(api, repoRoot);
    const bundleErrors = imported.problems.filter((p) => p.severity === "error");
    if (bundleErrors.length)
      throw new SpecLintError(
        api.name,
        bundleErrors.map((p) => formatProblem(p, repoRoot)),
      );
    warnings = [...(await lintImportedDocument(api, repoRoot, imported.document)), ...imported.warnings];
    document = imported.document;
  } else {
    warnings = await lintApi(api, repoRoot);
    const { bundle: bundled, problems } = await bundle({ ref: api.root, config: api.config });
    const bundleErrors = problems.filter((p) => p.severity === "error");
    if (bundleErrors.length)
      throw new SpecLintError(
        api.name,
        bundleErrors.map((p) => formatProblem(p, repoRoot)),
      );
    document = bundled;
  }
  const bundled = restoreActionResponseRefs(document.parsed);
  const rpc = rpcModel(bundled);
  const resources = addResourceRules(bundled, resourceModel(bundled, rpc, { imported: api.imported === true }));
  const view = mockView(bundled, rpc);
  // What Prism cannot serve as published (examples holding `$ref`, media it cannot serialize,
  // invalid examples) is left out of the mock view, and said.
  const mockFixes = await answerableMockView(view);
  const mock = { ...addResourceModel(view, resources), "x-specforge-tour": tourPlan(bundled, rpc, api) };
  // The stateful mock's model points at examples too: not at the ones the fixes removed.
  pruneDanglingExampleRefs(mock);
  return {
    warnings: [
      ...warnings,
      ...mockFixWarnings(path.relative(repoRoot, api.root), mockFixes),
      ...mockStateWarnings(path.relative(repoRoot, api.root), resources),
    ],
    bundled,
    rpc,
    resources,
    table: operationTable(bundled),
    docs: addListRulesToDocs(addMockStateToDocs(docsView(bundled, rpc, api), resources), resources),
    // The validating proxy's tour (tour.mjs) rides in the mock view the proxy loads anyway.
    mock,
  };
}

/**
 * The TypeScript docs sample of every operation of a docs view, by operationId (in the view's
 * order): what a client package ships for the MCP server's `search`, a fraction of the docs view.
 */
export function typescriptSamples(docs) {
  const samples = {};
  for (const item of Object.values(docs.paths ?? {}))
    for (const op of Object.values(item ?? {})) {
      const source = op?.["x-codeSamples"]?.find((s) => s.lang === "TypeScript")?.source;
      if (op?.operationId && source) samples[op.operationId] = source;
    }
  return { specforgeSamples: 1, samples };
}

/**
 * The generated TypeScript of one API, by file name. Works on any bundled OpenAPI 3.x document
 * (the benchmarks feed it GitHub's): `emitClientFiles({ name, rootRel }, { bundled, table, rpc })`.
 */
export async function emitClientFiles(api, { bundled, table, rpc }) {
  const files = new Map([
    ["schema.gen.ts", await emitSchemaTypes(api, bundled)],
    ["operations.gen.ts", emitOperations(api, table ?? operationTable(bundled), bundled)],
  ]);
  if (rpc) files.set("actions.gen.ts", emitActions(api, rpc));
  return files;
}

/** Every problem of a failed run, one `file:line:col severity rule: message` line each. */
export class GenerateError extends Error {
  constructor(lines) {
    super(lines.join("\n"));
    this.name = "GenerateError";
    this.lines = lines;
  }
}

/**
 * Builds and emits every API in memory, then writes all of them, or nothing when any API fails
 * (the problems of every API are collected first, one line each).
 * @param {{ repoRoot?: string, only?: string[], lintOnly?: boolean, log?: (line: string) => void }} options
 */
export async function generate({ repoRoot, only, lintOnly = false, log = console.log } = {}) {
  const registry = await loadRegistry(repoRoot);
  const apis = only?.length ? registry.apis.filter((a) => only.includes(a.name)) : registry.apis;
  if (only?.length && apis.length !== only.length) {
    throw new Error(
      `unknown API: ${only.filter((n) => !registry.apis.some((a) => a.name === n)).join(", ")} (redocly.yaml lists: ${registry.apis.map((a) => a.name).join(", ")})`,
    );
  }
  const problems = [];
  const ready = [];
  for (const api of apis) {
    const started = performance.now();
    try {
      const built = await buildApi(api, registry.repoRoot);
      const files = lintOnly ? undefined : await emitClientFiles(api, built);
      ready.push({ api, built, files, ms: performance.now() - started });
    } catch (error) {
      problems.push(...problemLines(error, api, registry.repoRoot));
    }
  }
  if (problems.length) throw new GenerateError(problems);
  const results = [];
  for (const { api, built, files, ms } of ready) {
    // An imported spec may carry thousands: counted per kind, each with what to do about it.
    for (const w of api.imported ? summarizeWarnings(built.warnings) : built.warnings) log(`  ${w}`);
    if (lintOnly) {
      log(`${api.name}: lint clean (${Object.keys(built.table).length} operations)`);
      continue;
    }
    const out = outputPaths(api);
    let changed = 0;
    for (const [name, content] of files)
      changed += (await writeAtomic(path.join(out.generatedDir, name), content)) ? 1 : 0;
    await removeStale(out.generatedDir, new Set(files.keys()));
    await writeAtomic(out.bundle, json(built.bundled));
    await writeAtomic(out.mockView, json(built.mock));
    await writeAtomic(out.docsView, json(built.docs));
    await writeAtomic(out.samples, json(typescriptSamples(built.docs)));
    log(
      `${api.name}: ${Object.keys(built.table).length} operations${built.rpc ? `, ${built.rpc.actions.length} actions` : ""}; ` +
        `${changed} of ${files.size} generated files changed (${Math.round(ms)} ms)`,
    );
    log(`  ${stateSummary(built.resources)}`);
    results.push({ api: api.name, ...built });
  }
  if (!lintOnly) await writeClientPackageManifests(registry, apis);
  return results;
}

/**
 * What `npm run generate` / `specforge-codegen` does, without touching the process: returns the
 * exit code (0, or 1 on any problem) and prints through `out` / `err`. Tests call it in-process.
 * @param {string[]} args
 * @param {{ repoRoot?: string, out?: (line: string) => void, err?: (line: string) => void }} io
 */
export async function runGenerateCli(args, { repoRoot, out = console.log, err = console.error } = {}) {
  args = [...args];
  if (args[0] === "generate") args.shift();
  if (args.includes("--help")) {
    out("usage: specforge-codegen [generate] [api...] [--lint-only]");
    return 0;
  }
  const lintOnly = args.includes("--lint-only");
  const only = args.filter((a) => !a.startsWith("-"));
  try {
    await generate({ repoRoot, only, lintOnly, log: out });
    return 0;
  } catch (error) {
    if (error?.name === "GenerateError") {
      for (const line of error.lines) err(line);
      err(`generate: ${error.lines.length} problem(s); no file was written`);
    } else {
      // Not a spec problem (redocly.yaml, the file system, a bug): one line; the stack only on request.
      err(
        `generate failed: ${process.env.SPECFORGE_DEBUG ? (error?.stack ?? error) : String(error?.message ?? error).split("\n")[0]}`,
      );
    }
    return 1;
  }
}
