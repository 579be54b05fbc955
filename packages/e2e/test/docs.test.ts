// The docs portal in a real browser (@specforge/browser finds one), offline: every
// request to a host other than the local docs server is blocked and recorded, and every page
// must record none. Every operation and action shows its TypeScript and curl sample. Needs
// `npm run docs` (turbo runs it before this package's tests).
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "@specforge/browser";
import { createStaticServer } from "@specforge/docs/static-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsRoute, loadRegistry, outputPaths } from "@specforge/codegen";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const docsDir = path.join(repoRoot, "docs", "dist");

interface DocsOperation {
  operationId: string;
  summary: string;
  tags: string[];
  "x-provenance"?: string;
  "x-codeSamples"?: { lang: string; label: string; source: string }[];
}

let browser: Browser;
let server: http.Server;
let base: string;
let apis: { name: string; view: { info: { title: string }; paths: Record<string, Record<string, DocsOperation>> } }[];

beforeAll(async () => {
  if (!fs.existsSync(path.join(docsDir, "index.html")))
    throw new Error(`${docsDir}/index.html missing: run \`npm run docs\` first`);
  const registry = await loadRegistry(repoRoot);
  apis = registry.apis.map((api: { name: string }) => ({
    name: api.name,
    view: JSON.parse(fs.readFileSync(outputPaths(api).docsView, "utf8")),
  }));
  server = createStaticServer(docsDir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  // Nothing to close when beforeAll failed before the server was created.
  if (server) await new Promise((resolve) => server.close(resolve));
});

async function openOffline(url: string) {
  const page = await browser.newPage();
  const blocked: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === "127.0.0.1" || route.request().url().startsWith("data:")) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  // A request the page makes outside the router (a CSP refusal, a failed load) is an error too.
  page.on("requestfailed", (request) => {
    if (!blocked.includes(request.url())) errors.push(`request failed: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, blocked, errors };
}

const operationsOf = (view: (typeof apis)[number]["view"]) =>
  Object.values(view.paths)
    .flatMap((item) => Object.values(item))
    .filter((op) => op.operationId);

/** Redoc's `<tag>/<operationId>` route of an operation (codegen's one definition, without the leading `/`). */
const routeOf = (op: DocsOperation) => (docsRoute(op.tags, op.operationId) as string).slice(1);

/** Opens an operation by its Redoc route (#/<tag>/<operationId>) and waits for its heading. */
async function openOperation(page: Page, op: DocsOperation) {
  await page.evaluate(
    (hash) => {
      location.hash = hash;
    },
    `/${routeOf(op)}`,
  );
  await page.locator("h1, h2").filter({ hasText: op.summary }).first().waitFor({ state: "visible", timeout: 10_000 });
}

describe("docs portal", () => {
  it("the index: one section per API in redocly.yaml, linking its page, with install line, quick start and mock; nothing fetched elsewhere", async () => {
    const { page, blocked, errors } = await openOffline(`${base}/`);
    const pages = await page.$$eval("a", (as) =>
      as.map((a) => a.getAttribute("href") ?? "").filter((h) => h.endsWith(".html")),
    );
    expect([...new Set(pages)].sort()).toEqual(apis.map((a) => `${a.name}.html`).sort());
    for (const api of apis) {
      const card = await page.locator(`section[id="${api.name}"]`).innerText();
      const ops = operationsOf(api.view);
      const inferred = ops.filter((op) => op["x-provenance"] === "inferred").length;
      expect(card, api.name).toContain(`${ops.length - inferred} documented`);
      expect(card, api.name).toContain(`${inferred} inferred`);
      expect(card, api.name).toMatch(/npm install @specforge\/\w+/);
      expect(card, api.name).toContain("npm run mock");
      expect(card, api.name).toContain(`createMockHandlers("${api.name}")`); // the in-process mock (MSW)
      expect(card, api.name).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
      expect(card, api.name).toMatch(/await \w+\./); // the quick start calls the client
    }
    expect(blocked, "requests that left the docs origin").toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("every API page renders offline: title, menu and each tag's first operation", { timeout: 120_000 }, async () => {
    for (const api of apis) {
      const { page, blocked, errors } = await openOffline(`${base}/${api.name}.html`);
      await page.getByText(api.view.info.title, { exact: false }).first().waitFor({ timeout: 15_000 });
      const seenTags = new Set<string>();
      for (const op of operationsOf(api.view)) {
        const tag = op.tags?.[0];
        if (!tag || seenTags.has(tag)) continue;
        seenTags.add(tag);
        await openOperation(page, op);
      }
      expect(errors, `${api.name}: page errors`).toEqual([]);
      expect(blocked, `${api.name}: requests that left the docs origin`).toEqual([]);
      await page.close();
    }
  });

  it("middletwin: one entry per action, grouped by object type, inferred ones badged", {
    timeout: 180_000,
  }, async () => {
    const api = apis.find((a) => a.name === "middletwin")!;
    const actions = operationsOf(api.view);
    expect(actions.length).toBeGreaterThanOrEqual(3);
    const { page } = await openOffline(`${base}/middletwin.html`);
    for (const op of actions) {
      await openOperation(page, op);
      const opRoute = routeOf(op);
      const section = page.locator(`[id="${opRoute}"]`).first();
      // Redoc renders the section lazily: wait until its request example is there.
      await expect.poll(async () => section.innerText(), { timeout: 10_000 }).toContain(`"${op.operationId}"`);
      const body = await section.innerText();
      const menuEntry = await page.locator(`a[href="#/${opRoute}"]`).first().innerText();
      expect(body, op.operationId).toContain(`"${op.operationId}"`); // the request example names the action
      expect(menuEntry.includes("Inferred"), `${op.operationId}: badge in the menu`).toBe(
        op["x-provenance"] === "inferred",
      );
      if (op["x-provenance"] === "inferred") expect(body).toContain("Inferred: not in the provider's documentation");
    }
    await page.close();
  });

  it("every operation and action shows its TypeScript sample and offers curl; zero blocked requests", {
    timeout: 600_000,
  }, async () => {
    for (const api of apis) {
      const { page, blocked, errors } = await openOffline(`${base}/${api.name}.html`);
      await page.getByText(api.view.info.title, { exact: false }).first().waitFor({ timeout: 15_000 });
      const missing: string[] = [];
      for (const op of operationsOf(api.view)) {
        const samples = new Map((op["x-codeSamples"] ?? []).map((c) => [c.label, c.source]));
        if (!samples.get("TypeScript") || !samples.get("curl")) {
          missing.push(`${op.operationId}: no TypeScript or curl sample in the docs view`);
          continue;
        }
        await openOperation(page, op);
        const section = page.locator(`[id="${routeOf(op)}"]`).first();
        // The TypeScript sample is the one shown first: its first line and the call are on the page,
        // and the language menu names it (curl is the other choice).
        const call = samples.get("TypeScript")!.match(/\.\s*(?:paginate\.)?[\w.]+\(/)?.[0] ?? "";
        try {
          await expect
            .poll(async () => section.innerText(), { timeout: 10_000 })
            .toContain(call.replace(/^\.\s*/, "."));
        } catch {
          missing.push(`${op.operationId}: the TypeScript sample (${call}) is not shown`);
          continue;
        }
        // Redoc fills the section in steps: the language menu can come after the sample's code.
        try {
          await expect.poll(async () => section.innerText(), { timeout: 10_000 }).toContain("TypeScript");
        } catch {
          missing.push(`${op.operationId}: no TypeScript language tab`);
        }
      }
      expect(missing, `${api.name}: operations without their samples on the page`).toEqual([]);
      // Switch one operation to curl: the wire request is there too.
      const first = operationsOf(api.view)[0]!;
      await openOperation(page, first);
      const section = page.locator(`[id="${routeOf(first)}"]`).first();
      await section.getByText("TypeScript", { exact: true }).first().click();
      await page
        .getByRole("option", { name: "curl" })
        .or(page.getByText("curl", { exact: true }))
        .first()
        .click();
      await expect.poll(async () => section.innerText(), { timeout: 10_000 }).toMatch(/curl (-X [A-Z]+ )?'https?:\/\//);
      expect(errors, `${api.name}: page errors`).toEqual([]);
      expect(blocked, `${api.name}: requests that left the docs origin`).toEqual([]);
      await page.close();
    }
  });
});
