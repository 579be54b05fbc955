// The portal's landing page (docs/dist/index.html): per API its purpose, counts, install line, a
// quick start (one of its tested samples), its mock, its MCP server and a link to its reference.
import { docsRoute } from "@specforge/codegen";

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** One API's card on the landing page. */
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

/** The landing page's HTML for the pages of every API (what `buildDocsPortal` collects). */
export function landingPage(pages) {
  return `<!doctype html>
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
`;
}
