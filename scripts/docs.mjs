// npm run docs: the docs portal in docs/dist: one self-contained Redoc page per API
// (`redocly build-docs --inlineBundle`, no CDN, telemetry off) and an index linking them.
// Reads the docs views written by `npm run generate` (run it first; `npm run build` does).
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadRegistry, outputPaths, writeAtomic } from "../packages/codegen/src/index.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, "docs", "dist");
const require = createRequire(import.meta.url);
const redoclyBin = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

function buildDocs(input, output, title) {
  return new Promise((resolve, reject) => {
    const tmp = `${output}.${process.pid}.tmp.html`;
    const child = spawn(process.execPath, [redoclyBin, "build-docs", input, "--inlineBundle", "-o", tmp, "--title", title], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("exit", async (code) => {
      if (code !== 0) return reject(new Error(`build-docs failed for ${input}:\n${log}`));
      await fs.rename(tmp, output);
      resolve();
    });
  });
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

const { apis } = await loadRegistry(root);
await fs.mkdir(outDir, { recursive: true });
const pages = [];
for (const api of apis) {
  const docsView = outputPaths(api).docsView;
  let doc;
  try {
    doc = JSON.parse(await fs.readFile(docsView, "utf8"));
  } catch {
    console.error(`docs: ${path.relative(root, docsView)} is missing; run \`npm run generate\` first`);
    process.exit(1);
  }
  const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item)).filter((op) => op?.responses).length;
  pages.push({ api: api.name, file: `${api.name}.html`, title: doc.info.title, version: doc.info.version, summary: doc.info.summary ?? "", operations, docsView });
}
const started = performance.now();
await Promise.all(pages.map((p) => buildDocs(p.docsView, path.join(outDir, p.file), p.title)));
const rows = pages
  .map(
    (p) => `    <li><a href="${escape(p.file)}">${escape(p.title)}</a> <small>v${escape(p.version)} · ${p.operations} operations</small><br>${escape(p.summary)}</li>`,
  )
  .join("\n");
await writeAtomic(
  path.join(outDir, "index.html"),
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>specforge API docs</title>
  <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}li{margin:1rem 0}small{color:#666}</style>
</head>
<body>
  <h1>specforge API docs</h1>
  <p>One page per API, generated from the specs in <code>specs/</code>. Every page works offline. Elements marked <em>Inferred</em> are not in the provider's documentation.</p>
  <ul>
${rows}
  </ul>
</body>
</html>
`,
);
console.log(`docs: ${pages.length} API pages + index.html in ${path.relative(root, outDir)} (${Math.round(performance.now() - started)} ms)`);
