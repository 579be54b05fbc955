// The pipeline of `npm run generate`: for every API in redocly.yaml, lint, bundle, derive, emit.
import fs from "node:fs/promises";
import path from "node:path";
import { bundle } from "@redocly/openapi-core";
import { loadRegistry, outputPaths } from "./config.mjs";
import { lintApi } from "./lint.mjs";
import { docsView, mockView, operationTable, restoreActionResponseRefs, rpcModel } from "./derive.mjs";
import { emitActions, emitOperations, emitSchemaTypes, writeAtomic } from "./emit.mjs";

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

async function removeStale(dir, keep) {
  let names = [];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  await Promise.all(
    names.filter((n) => n.endsWith(".gen.ts") && !keep.has(n)).map((n) => fs.rm(path.join(dir, n))),
  );
}

/** Lints, bundles and derives one API; returns the views (used by tests and tools too). */
export async function buildApi(api, repoRoot) {
  const warnings = await lintApi(api, repoRoot);
  const { bundle: document, problems } = await bundle({ ref: api.root, config: api.config });
  const bundleErrors = problems.filter((p) => p.severity === "error");
  if (bundleErrors.length) throw new Error(`${api.name}: bundling failed: ${bundleErrors.map((p) => p.message).join("; ")}`);
  const bundled = restoreActionResponseRefs(document.parsed);
  const rpc = rpcModel(bundled);
  return {
    warnings,
    bundled,
    rpc,
    table: operationTable(bundled),
    docs: docsView(bundled, rpc, api),
    mock: mockView(bundled, rpc),
  };
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

/**
 * @param {{ repoRoot?: string, only?: string[], lintOnly?: boolean, log?: (line: string) => void }} options
 */
export async function generate({ repoRoot, only, lintOnly = false, log = console.log } = {}) {
  const registry = await loadRegistry(repoRoot);
  const apis = only?.length ? registry.apis.filter((a) => only.includes(a.name)) : registry.apis;
  if (only?.length && apis.length !== only.length) {
    throw new Error(`unknown API: ${only.filter((n) => !registry.apis.some((a) => a.name === n)).join(", ")}`);
  }
  const results = [];
  for (const api of apis) {
    const started = performance.now();
    const built = await buildApi(api, registry.repoRoot);
    for (const w of built.warnings) log(`  ${w}`);
    if (lintOnly) {
      log(`${api.name}: lint clean (${Object.keys(built.table).length} operations)`);
      continue;
    }
    const out = outputPaths(api);
    const files = await emitClientFiles(api, built);
    let changed = 0;
    for (const [name, content] of files) changed += (await writeAtomic(path.join(out.generatedDir, name), content)) ? 1 : 0;
    await removeStale(out.generatedDir, new Set(files.keys()));
    await writeAtomic(out.bundle, json(built.bundled));
    await writeAtomic(out.mockView, json(built.mock));
    await writeAtomic(out.docsView, json(built.docs));
    const ms = Math.round(performance.now() - started);
    log(
      `${api.name}: ${Object.keys(built.table).length} operations${built.rpc ? `, ${built.rpc.actions.length} actions` : ""}; ` +
        `${changed} of ${files.size} generated files changed (${ms} ms)`,
    );
    results.push({ api: api.name, ...built });
  }
  return results;
}
