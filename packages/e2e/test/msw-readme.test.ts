// The READMEs' in-process mock examples run as written: the Node route (a vitest file with
// setupServer and reset() per test) as a vitest run of its own, the browser route (setupWorker)
// bundled with esbuild and loaded in Chromium with MSW's worker script served beside it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "@specforge/browser";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(e2eDir, "../..");
const READMES = ["README.md", "packages/mock/README.md"];

function examples(route: "msw/node" | "msw/browser") {
  const out: { readme: string; code: string }[] = [];
  for (const readme of READMES) {
    const text = fs.readFileSync(path.join(repoRoot, readme), "utf8");
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm))
      if (match[1]!.includes('from "@specforge/mock/msw"') && match[1]!.includes(`from "${route}"`))
        out.push({ readme, code: match[1]! });
  }
  return out;
}

const dir = fs.mkdtempSync(path.join(e2eDir, ".msw-readme-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("README: test your app against the mock in process", () => {
  it("each README shows both routes", () => {
    for (const readme of READMES) {
      expect(examples("msw/node").filter((e) => e.readme === readme)).toHaveLength(1);
      expect(examples("msw/browser").filter((e) => e.readme === readme)).toHaveLength(1);
    }
  });

  it.each(examples("msw/node").map((e) => [e.readme, e.code]))(
    "%s: the Node route passes under vitest",
    (readme, code) => {
      const name = `${readme.replace(/\W+/g, "-")}.test.ts`;
      fs.writeFileSync(path.join(dir, name), code);
      const run = spawnSync(
        process.execPath,
        [path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs"), "run", "--root", dir, name],
        {
          cwd: dir,
          encoding: "utf8",
          timeout: 120_000,
        },
      );
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/1 passed/);
    },
    150_000,
  );

  it("the browser route runs in Chromium: no page error, the twin read back", async () => {
    const files = new Map<string, { type: string; body: string | Buffer }>([
      [
        "/mockServiceWorker.js",
        { type: "text/javascript", body: fs.readFileSync(require.resolve("msw/mockServiceWorker.js")) },
      ],
    ]);
    const pages = examples("msw/browser");
    for (const [i, example] of pages.entries()) {
      const result = await build({
        stdin: { contents: example.code, resolveDir: e2eDir, loader: "ts" },
        bundle: true,
        platform: "browser",
        format: "esm",
        write: false,
        logLevel: "silent",
      });
      files.set(`/${i}.js`, { type: "text/javascript", body: result.outputFiles[0]!.text });
      files.set(`/${i}.html`, {
        type: "text/html",
        body: `<!doctype html><script type="module" src="/${i}.js"></script>`,
      });
    }
    const server = http.createServer((req, res) => {
      const file = files.get(new URL(req.url ?? "/", "http://x").pathname);
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": file.type }).end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const browser = await launchBrowser();
    try {
      for (const [i, example] of pages.entries()) {
        const page = await browser.newPage();
        const errors: string[] = [];
        const logs: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("console", (m) => (m.type() === "error" ? errors : logs).push(m.text()));
        const logged = page.waitForEvent("console", {
          predicate: (m) => m.type() === "log" && /AB123/.test(m.text()),
          timeout: 60_000,
        });
        await page.goto(`${origin}/${i}.html`);
        await logged.catch(() => undefined);
        expect(errors, example.readme).toEqual([]);
        expect(logs.join("\n"), example.readme).toMatch(/AB123/);
        await page.close();
      }
    } finally {
      await browser.close();
      await new Promise((r) => server.close(r));
    }
  }, 150_000);
});
