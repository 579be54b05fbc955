// npm run docs: the docs portal in docs/dist: one self-contained Redoc page per API
// (`redocly build-docs --inlineBundle`, no CDN, telemetry off, code samples from the docs view)
// and a landing page: per API its purpose, counts, install line, a quick start (one of its
// tested samples), its mock and a link to its reference. Nothing on any page is fetched from
// another host. Reads the docs views written by `npm run generate` (run it first; `npm run build` does).
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { docsRoute, loadRegistry, outputPaths, writeAtomic } from "../packages/codegen/src/index.mjs";
import { sampleContext, SAMPLE_LABELS } from "../packages/codegen/src/samples.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, "docs", "dist");
const require = createRequire(import.meta.url);
const redoclyBin = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");

// Redoc's sidebar footer ("API docs by" + the Redocly logo) loads its image from Redocly's CDN
// once the page has hydrated; no Redoc option turns it off. The page embeds the same mark as an
// inline SVG instead, so it renders offline and no request leaves the docs origin.
const REMOTE_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="16" viewBox="0 0 60 16"><text x="0" y="12.5" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#888">Redocly</text></svg>',
)}`;

function withoutRemoteLogo(html) {
  let out = html;
  for (const url of REMOTE_LOGOS) out = out.split(url).join(LOCAL_LOGO);
  if (out === html)
    console.warn(
      "docs: Redoc's logo URL was not found; check the page for other remote requests (the browser test does)",
    );
  return out;
}

function buildDocs(input, output, title) {
  return new Promise((resolve, reject) => {
    const tmp = `${output}.${process.pid}.tmp.html`;
    const child = spawn(
      process.execPath,
      [redoclyBin, "build-docs", input, "--inlineBundle", "-o", tmp, "--title", title],
      {
        cwd: root,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("exit", async (code) => {
      if (code !== 0) return reject(new Error(`build-docs failed for ${input}:\n${log}`));
      try {
        await fs.writeFile(tmp, withoutRemoteLogo(await fs.readFile(tmp, "utf8")));
        await fs.rename(tmp, output);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

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
  const ops = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.entries(item ?? {})
      .filter(([, op]) => op?.responses)
      .map(([method, op]) => ({ path: p, method, op })),
  );
  const inferred = ops.filter(({ op }) => op["x-provenance"] === "inferred").length;
  // RPC actions appear in the docs view as `<path>#<action>` entries.
  const actions = ops.some(({ path: p }) => p.includes("#"));
  const context = sampleContext(api);
  const sample = (op) => op["x-codeSamples"]?.find((c) => c.label === SAMPLE_LABELS.typescript)?.source ?? "";
  // The quick start is the shortest tested sample of a read (no paging), else of any operation.
  const gets = ops.filter(({ method }) => method === "get");
  const reads = gets.length ? gets : ops.filter(({ op }) => op["x-idempotent"] !== false);
  const pick = [...(reads.length ? reads : ops)]
    .filter(({ op }) => sample(op))
    .sort((a, b) => sample(a.op).length - sample(b.op).length)[0];
  const mockUrl = `http://127.0.0.1:${api.mockPort}`;
  const mockEnv = Object.entries(context?.setup.mockEnv ?? {}).map(([name, value]) => [
    name,
    value.replace(
      /\{mock:([^}]+)\}/g,
      (_, other) => `http://127.0.0.1:${apis.find((a) => a.name === other)?.mockPort}`,
    ),
  ]);
  // The MCP server (@specforge/mcp) serves an API unless it is a companion the client uses
  // itself (a later API of the same package, e.g. a token endpoint); it reads the samples' variables.
  const served = apis.find((a) => a.packageDir === api.packageDir) === api;
  const options = Object.values((served && context?.setup.options) || {});
  const mcpEnv =
    served && context ? options.flatMap((o) => (o && typeof o === "object" && o.env ? [o.env] : [])) : undefined;
  pages.push({
    api: api.name,
    file: `${api.name}.html`,
    title: doc.info.title,
    version: doc.info.version,
    summary: doc.info.summary ?? "",
    count: ops.length,
    noun: actions ? "actions" : "operations",
    inferred,
    packageName: context?.packageName,
    quickStart: pick ? sample(pick.op).replace(/\n\n+/g, "\n") : "",
    quickStartOp: pick?.op,
    mockUrl,
    mockPortEnv: api.mockPortEnv,
    mockEnv,
    mcp: mcpEnv,
    docsView,
  });
}
const started = performance.now();
await Promise.all(pages.map((p) => buildDocs(p.docsView, path.join(outDir, p.file), p.title)));

const card = (p) => {
  const documented = p.count - p.inferred;
  const quickStartLink = p.quickStartOp?.tags?.[0]
    ? `${p.file}#${docsRoute(p.quickStartOp.tags, p.quickStartOp.operationId)}`
    : p.file;
  return `  <section class="api" id="${escapeHtml(p.api)}">
    <h2><a href="${escapeHtml(p.file)}">${escapeHtml(p.title)}</a> <small>v${escapeHtml(p.version)}</small></h2>
    <p>${escapeHtml(p.summary)}</p>
    <p class="counts"><strong>${p.count}</strong> ${p.noun}: <span class="doc">${documented} documented</span> · <span class="inf">${p.inferred} inferred</span> <small>(not in the provider's documentation; badged <em>Inferred</em> in the reference)</small></p>
    <dl>
${p.packageName ? `      <dt>Install</dt><dd><pre><code>npm install ${escapeHtml(p.packageName)}</code></pre></dd>\n` : ""}${
  p.quickStart
    ? `      <dt>Quick start <small>(<a href="${escapeHtml(quickStartLink)}">${escapeHtml(p.quickStartOp.summary ?? p.quickStartOp.operationId)}</a>; every ${p.noun.slice(0, -1)} in the reference has one, compiled and run by the tests)</small></dt><dd><pre><code>${escapeHtml(p.quickStart)}</code></pre></dd>\n`
    : ""
}      <dt>Mock</dt><dd><code>${escapeHtml(p.mockUrl)}</code>, started by <code>npm run mock</code> (port: <code>${escapeHtml(p.mockPortEnv)}</code>)${
    p.mockEnv.length
      ? `; point the samples at it with <code>${p.mockEnv.map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`).join(" ")}</code>`
      : ""
  }</dd>
${
  p.mcp
    ? `      <dt>For AI agents <small>(MCP)</small></dt><dd><pre><code>npx specforge-mcp ${escapeHtml(p.api)}</code></pre>an MCP server with one typed tool per ${p.noun.slice(0, -1)}, reads only unless <code>--allow-writes</code>, every call through the client; it reads ${p.mcp.map((v) => `<code>${escapeHtml(v)}</code>`).join(", ")} (or <code>--mock</code> for the mock). Setup: the <code>@specforge/mcp</code> README.</dd>\n`
    : ""
}      <dt>Reference</dt><dd><a href="${escapeHtml(p.file)}">${escapeHtml(p.title)} reference</a> (one page, works offline)</dd>
    </dl>
  </section>`;
};
await writeAtomic(
  path.join(outDir, "index.html"),
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>specforge API docs</title>
  <style>
    :root { --bg: #fff; --fg: #1f2328; --muted: #656d76; --card: #f6f8fa; --border: #d0d7de; --link: #0969da; --code: #eff2f5; --doc: #1a7f37; --inf: #b45309; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --card: #161b22; --border: #30363d; --link: #4493f8; --code: #1f242c; --doc: #3fb950; --inf: #e3a008; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    main { max-width: 60rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
    h1 { margin: 0 0 .25rem; font-size: 2rem; }
    h2 { margin: 0 0 .25rem; font-size: 1.35rem; }
    a { color: var(--link); }
    small, .lead { color: var(--muted); }
    .api { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem 1.5rem; margin: 1.5rem 0; }
    .counts .doc { color: var(--doc); } .counts .inf { color: var(--inf); }
    dl { margin: 0; } dt { font-weight: 600; margin-top: .75rem; } dd { margin: .25rem 0 0; }
    pre { background: var(--code); border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; margin: 0; }
    code { font: 13.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    :not(pre) > code { background: var(--code); border-radius: 4px; padding: .1em .35em; }
    nav a { margin-right: 1rem; }
  </style>
</head>
<body>
<main>
  <h1>specforge API docs</h1>
  <p class="lead">Typed TypeScript clients, offline reference docs and local mocks, all generated from one hand-written OpenAPI 3.1 spec per API. Every operation in the reference shows its client call in TypeScript and its wire request in curl; the tests compile every TypeScript sample and run every sample against the mock. AI agents get the same operations as MCP tools (<code>npx specforge-mcp &lt;api&gt;</code>). Elements marked <em>Inferred</em> are not in the provider's documentation.</p>
  <nav>${pages.map((p) => `<a href="#${escapeHtml(p.api)}">${escapeHtml(p.title)}</a>`).join(" ")}</nav>
${pages.map(card).join("\n")}
  <p><small>In this repository, <code>npm start</code> builds everything, serves these pages on <code>http://127.0.0.1:8080</code> and starts every mock. Every page works offline: nothing is fetched from another host.</small></p>
</main>
</body>
</html>
`,
);
console.log(
  `docs: ${pages.length} API pages + index.html in ${path.relative(root, outDir)} (${Math.round(performance.now() - started)} ms)`,
);
