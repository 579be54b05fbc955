// One generation in a fresh process: `node generate.mjs <tool> <input.json> <outDir>`.
// Every tool gets the same parsed document and writes its files to outDir; the parent times
// the whole process, and this reports the in-process time and the peak RSS.
//   specforge          emitClientFiles (openapi-typescript types + the operation table facade)
//   openapi-typescript openapiTS + astToString, as `openapi-typescript` does
//   hey-api            @hey-api/openapi-ts createClient with its default plugins (types + SDK)
//   specforge-steps    specforge's steps one by one (where its time goes; not a figure)
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot, report } from "../util.mjs";

const [tool, input, outDir] = process.argv.slice(2);
const started = performance.now();
const doc = JSON.parse(await fs.readFile(input, "utf8"));
const parsedAt = performance.now();
await fs.mkdir(outDir, { recursive: true });
const files = {};
const steps = {};
let importMs = 0;
/** Times the tool's module import separately from its work. */
async function load(specifier) {
  const t0 = performance.now();
  const mod = await import(specifier);
  importMs += performance.now() - t0;
  return mod;
}

async function write(name, content) {
  await fs.mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
  await fs.writeFile(path.join(outDir, name), content);
  files[name] = Buffer.byteLength(content);
}

if (tool === "specforge") {
  const { emitClientFiles } = await load("@specforge/codegen");
  const out = await emitClientFiles({ name: "github", rootRel: path.basename(input) }, { bundled: doc });
  for (const [name, content] of out) await write(name, content);
} else if (tool === "openapi-typescript") {
  const { default: openapiTS, astToString } = await load("openapi-typescript");
  const ast = await openapiTS(doc, { silent: true });
  await write("schema.d.ts", astToString(ast));
} else if (tool === "hey-api") {
  const { createClient } = await load("@hey-api/openapi-ts");
  await createClient({ input: doc, output: { path: outDir }, logs: { level: "silent" } });
  for (const name of await fs.readdir(outDir, { recursive: true })) {
    const stat = await fs.stat(path.join(outDir, name));
    if (stat.isFile()) files[name] = stat.size;
  }
} else if (tool === "specforge-steps") {
  // The same steps emitClientFiles runs (packages/codegen/src/emit.mjs), each timed; the
  // modules they need imported directly, without the package entry (linter, bundler).
  const lap = (name, t0) => (steps[name] = performance.now() - t0);
  let t = performance.now();
  const codegenSrc = path.join(repoRoot, "packages", "codegen", "src");
  await import(pathToFileURL(path.join(codegenSrc, "emit.mjs")).href);
  const { operationTable } = await import(pathToFileURL(path.join(codegenSrc, "derive.mjs")).href);
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  lap("import of emit.mjs + derive.mjs alone", t);
  t = performance.now();
  const clone = structuredClone(doc);
  lap("structuredClone of the document", t);
  t = performance.now();
  const ast = await openapiTS(clone, { silent: true });
  lap("openapiTS (types AST)", t);
  t = performance.now();
  const text = astToString(ast);
  lap("astToString", t);
  t = performance.now();
  const table = operationTable(doc);
  lap("operationTable", t);
  t = performance.now();
  const literal = JSON.stringify(table, null, 2);
  lap("operation table literal", t);
  await write("schema.gen.ts", text);
  await write("operations.gen.ts", literal);
} else {
  throw new Error(`unknown tool ${tool}`);
}

report({
  tool,
  parseMs: parsedAt - started,
  importMs,
  generateMs: performance.now() - parsedAt - importMs,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  files,
  steps,
});
