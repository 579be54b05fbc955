// The docs portal: one self-contained Redoc page per API (`redocly build-docs --inlineBundle`, no
// CDN, telemetry off, code samples from the docs view) and a landing page (landing.mjs). Nothing on
// any page is fetched from another host. Reads the docs views written by `npm run generate`.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { findRepoRoot, loadRegistry, outputPaths, writeAtomic } from "@specforge/codegen";
import { SAMPLE_LABELS, sampleContext } from "@specforge/codegen/samples";
import { landingPage } from "./landing.mjs";

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

function buildDocs(root, input, output, title) {
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

/** A docs build that cannot start (a docs view is missing); its message says what to run. */
export class DocsError extends Error {
  name = "DocsError";
}

/**
 * Builds the portal of every API in `root`'s redocly.yaml into `outDir` (default docs/dist): each
 * page written atomically, then index.html. Resolves to what it wrote.
 * @param {{ root?: string, outDir?: string }} [options]
 */
export async function buildDocsPortal({ root, outDir } = {}) {
  root ??= await findRepoRoot();
  outDir ??= path.join(root, "docs", "dist");
  const { apis } = await loadRegistry(root);
  await fs.mkdir(outDir, { recursive: true });
  const pages = [];
  for (const api of apis) {
    const docsView = outputPaths(api).docsView;
    let doc;
    try {
      doc = JSON.parse(await fs.readFile(docsView, "utf8"));
    } catch {
      throw new DocsError(`${path.relative(root, docsView)} is missing; run \`npm run generate\` first`);
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
  await Promise.all(pages.map((p) => buildDocs(root, p.docsView, path.join(outDir, p.file), p.title)));
  await writeAtomic(path.join(outDir, "index.html"), landingPage(pages));
  return { pages: pages.map((p) => p.file), outDir, ms: Math.round(performance.now() - started) };
}
