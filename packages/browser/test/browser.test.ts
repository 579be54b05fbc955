// The browser the other suites drive: found from what `npm install` brought, and it renders.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser, HOW_TO_PROVIDE, launchBrowser } from "../src/index.mjs";

describe("findBrowser", () => {
  it("prefers CHROMIUM_PATH, and rejects one that is not an executable", async () => {
    const fake = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "browser-")), "chrome");
    fs.writeFileSync(fake, "#!/bin/sh\n", { mode: 0o755 });
    expect(await findBrowser({ env: { CHROMIUM_PATH: fake, PATH: "" } })).toMatchObject({
      executablePath: fake,
      source: "CHROMIUM_PATH",
    });
    await expect(findBrowser({ env: { CHROMIUM_PATH: `${fake}-missing` } })).rejects.toThrow(
      /is not an executable file/,
    );
  });

  it("finds a system browser on PATH before the bundled one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "browser-"));
    fs.writeFileSync(path.join(dir, "chromium"), "#!/bin/sh\n", { mode: 0o755 });
    expect(await findBrowser({ env: { PATH: dir } })).toMatchObject({
      executablePath: path.join(dir, "chromium"),
      source: "system",
    });
  });

  it("falls back to the npm-shipped Chromium on Linux x64, else says how to provide one", async () => {
    if (os.platform() === "linux" && os.arch() === "x64") {
      const found = await findBrowser({ env: { PATH: "" } });
      expect(found.source).toBe("@sparticuz/chromium");
      expect(fs.existsSync(found.executablePath)).toBe(true);
    } else {
      await expect(findBrowser({ env: { PATH: "" } })).rejects.toThrow(HOW_TO_PROVIDE);
    }
  });

  it("launches the browser this machine has and renders a page", { timeout: 60_000 }, async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent(
        "<h1 id=t>rendered</h1><script>document.getElementById('t').textContent += ' by script'</script>",
      );
      expect(await page.textContent("#t")).toBe("rendered by script");
    } finally {
      await browser.close();
    }
  });
});

describe("the launched browser behaves like a user's", () => {
  it("opens page after page, and enforces CORS (web security stays on)", { timeout: 60_000 }, async () => {
    const browser = await launchBrowser();
    try {
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage();
        await page.setContent(`<p>${i}</p>`);
        expect(await page.textContent("p")).toBe(String(i));
        await page.close();
      }
      const page = await browser.newPage();
      await page.setContent("<p>cors</p>");
      // A cross-origin request to a server that sends no CORS headers must fail in the page.
      const http = await import("node:http");
      const server = http.createServer((_req, res) => res.end("no cors headers")).listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      const { port } = server.address() as { port: number };
      try {
        const outcome = await page.evaluate(async (url) => {
          try {
            await (await fetch(url)).text();
            return "read";
          } catch {
            return "blocked";
          }
        }, `http://127.0.0.1:${port}/`);
        expect(outcome).toBe("blocked");
      } finally {
        server.close();
      }
    } finally {
      await browser.close();
    }
  });
});
