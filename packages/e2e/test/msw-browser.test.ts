// The in-process mock in a real Chromium: a page bundled with esbuild uses @specforge/trustedtwin
// against `setupWorker` handlers from @specforge/mock/msw (the mock view imported as JSON, MSW's
// mockServiceWorker.js served beside the page): create a twin, read it back, a 404 for an unknown one;
// then middletwin and Midaxo (token endpoint included) in the same page.
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "@specforge/browser";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const PAGE_SCRIPT = `
import { createTrustedTwinClient, NotFoundError } from "@specforge/trustedtwin";
import view from "@specforge/trustedtwin/openapi.mock.json";
import { createMiddletwinClient } from "@specforge/middletwin";
import middletwinView from "@specforge/middletwin/openapi.mock.json";
import { createMidaxoClient } from "@specforge/midaxo";
import midaxoView from "@specforge/midaxo/openapi.mock.json";
import midaxoTokenView from "@specforge/midaxo/oauth.mock.json";
import { createMockHandlers } from "@specforge/mock/msw";
import { setupWorker } from "msw/browser";

const mock = createMockHandlers(view);
const middletwin = createMockHandlers(middletwinView);
const midaxo = createMockHandlers([midaxoView, midaxoTokenView]);
const worker = setupWorker(...mock.handlers, ...middletwin.handlers, ...midaxo.handlers);
globalThis.others = async () => {
  const mt = createMiddletwinClient({ publicKey: "pk", secretKey: "sk" });
  const created = await mt.create_member({ fname: "Ada", lname: "Byron", email: "ada@example.org" });
  const { member } = await mt.get_member({ id: created.id });
  const mx = createMidaxoClient({ region: "eu", clientId: "id", clientSecret: "secret" });
  const processes = [];
  for await (const p of mx.paginate.list_processes({ query: { first: 1 } })) processes.push(p.name);
  return { member: member.lname, processes: processes.length > 1 };
};
globalThis.ready = worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true, onUnhandledRequest: "bypass" });
globalThis.scenario = async () => {
  const tt = createTrustedTwinClient({ secret: "dev-secret" });
  const twin = await tt.create_twin({ body: { description: { serial: "BROWSER1" } } });
  const id = twin.creation_certificate.uuid;
  const read = await tt.get_twin({ path: { twin: id } });
  let unknown;
  try {
    await tt.get_twin({ path: { twin: "00000000-0000-4000-8000-000000000000" } });
    unknown = "answered";
  } catch (error) {
    unknown = { notFound: error instanceof NotFoundError, status: error.status };
  }
  mock.reset();
  let afterReset;
  try {
    await tt.get_twin({ path: { twin: id } });
    afterReset = "still there";
  } catch (error) {
    afterReset = error.status;
  }
  return { sameId: read.creation_certificate.uuid === id, description: read.description, unknown, afterReset };
};
`;

let server: http.Server;
let browser: (Browser & { source: string }) | undefined;
let origin = "";
const files = new Map<string, { type: string; body: string | Buffer }>();

beforeAll(async () => {
  const result = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: here, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (inputs.some((f) => /^node:|@stoplight|@redocly/.test(f)))
    throw new Error(`the page bundle has a Node or server-side module: ${inputs.join(", ")}`);
  files.set("/app.js", { type: "text/javascript", body: result.outputFiles[0]!.text });
  files.set("/", {
    type: "text/html",
    body: '<!doctype html><title>msw</title><script type="module" src="/app.js"></script>',
  });
  files.set("/mockServiceWorker.js", {
    type: "text/javascript",
    body: fs.readFileSync(require.resolve("msw/mockServiceWorker.js")),
  });
  server = http.createServer((req, res) => {
    const file = files.get(new URL(req.url ?? "/", "http://x").pathname);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe("@specforge/mock/msw in Chromium (setupWorker)", () => {
  it("the Trusted Twin client creates a twin, reads it back and gets a 404 for an unknown one", {
    timeout: 90_000,
  }, async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (globalThis as { scenario?: unknown }).scenario === "function", undefined, {
      timeout: 30_000,
    });
    await page.evaluate(() => (globalThis as unknown as { ready: Promise<unknown> }).ready);
    const outcome = await page.evaluate(() => (globalThis as unknown as { scenario(): Promise<unknown> }).scenario());
    expect(errors).toEqual([]);
    expect(outcome).toEqual({
      sameId: true,
      description: { serial: "BROWSER1" },
      unknown: { notFound: true, status: 404 },
      afterReset: 404,
    });
    // middletwin (RPC) and Midaxo (with its token endpoint) in the same page.
    expect(await page.evaluate(() => (globalThis as unknown as { others(): Promise<unknown> }).others())).toEqual({
      member: "Byron",
      processes: true,
    });
  });
});
