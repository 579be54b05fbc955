// Chromium (the browser the docs check uses): the scenarios bundled for the browser with esbuild
// from the installed packages, with no Buffer, process or node: polyfill, loaded in a page served
// from its own origin and talking to the mocks on other origins (CORS).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { launchBrowser } from "@specforge/browser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLIENTS } from "./eco.js";
import { expectScenario } from "./expected.js";

const eco = inject("eco");
let server: http.Server;
let origin = "";
let browser: (Browser & { source: string }) | undefined;
const pageErrors: string[] = [];
let page: Page;

beforeAll(async () => {
  const dir = path.dirname(eco.bundles.browser.file);
  server = http.createServer((req, res) => {
    const file = path.join(dir, new URL(req.url ?? "/", "http://x").pathname.replace(/\/$/, "/index.html"));
    if (!file.startsWith(dir) || !fs.existsSync(file)) return void res.writeHead(404).end();
    res
      .writeHead(200, { "content-type": file.endsWith(".js") ? "text/javascript" : "text/html" })
      .end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Chromium logs every non-2xx fetch as "Failed to load resource"; the scenarios ask for 404s on purpose.
  page.on(
    "console",
    (m) => m.type() === "error" && !/status of 404 \(Not Found\)/.test(m.text()) && pageErrors.push(m.text()),
  );
  await page.goto(`${origin}/`);
  await page.waitForFunction(
    () => typeof (globalThis as { runScenario?: unknown }).runScenario === "function",
    undefined,
    { timeout: 15_000 },
  );
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe("the browser bundle", () => {
  it("has no Node built-in, polyfill or Node global in it", () => {
    const inputs = eco.bundles.browser.inputs;
    expect(
      inputs.filter((f) =>
        /^node:|(^|\/)node_modules\/(buffer|process|events|util|stream-browserify|path-browserify)\//.test(f),
      ),
    ).toEqual([]);
    // Every package in it is one of ours (the runtime has no dependencies): nothing came along to stand in for Node.
    const packages = new Set(inputs.map((f) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean));
    expect([...packages].sort()).toEqual(
      ["@specforge/runtime", ...CLIENTS.map((client) => eco.plans[client]![0]!.packageName)].sort(),
    );
    const code = fs.readFileSync(eco.bundles.browser.file, "utf8");
    expect(code).not.toMatch(/\bBuffer\.|\bprocess\.(env|versions|nextTick)|\brequire\(|["']node:/);
  });
});

describe("Chromium", () => {
  it.each(CLIENTS)("%s", async (client) => {
    pageErrors.length = 0;
    const result = await page.evaluate(
      ([name, urls]) =>
        (globalThis as unknown as { runScenario(n: string, u: unknown): Promise<unknown> }).runScenario(name, urls),
      [client, eco.urls] as const,
    );
    expect(new URL(eco.urls[client]).origin, "the mock is on another origin than the page").not.toBe(origin);
    // Page errors first: a CORS refusal is only visible there (the scenario just sees a network error).
    expect(pageErrors, "no error in the page").toEqual([]);
    expectScenario(client, `Chromium (${browser?.source})`, result);
  });
});
