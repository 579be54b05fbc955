// A screenshot of one operation of the built portal with its code samples (the README's picture),
// taken offline in the browser the docs check uses: a request that leaves the portal's origin fails it.
import path from "node:path";
import { launchBrowser } from "@specforge/browser";
import { createStaticServer } from "./static-server.mjs";

/** Writes `out` (PNG): the top of `operationId`'s section in `<dir>/<api>.html`. */
export async function screenshotOperation({ dir, api, operationId, out }) {
  const server = createStaticServer(dir);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1000 }, deviceScaleFactor: 1 });
    const blocked = [];
    await page.route("**/*", (route) => {
      if (new URL(route.request().url()).hostname === "127.0.0.1") return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${base}/${api}.html`, { waitUntil: "load" });
    const link = page.locator(`a[href$="/${operationId}"]`).first();
    const href = await link.getAttribute("href");
    await page.evaluate((hash) => (location.hash = hash), href.slice(href.indexOf("#")));
    const section = page.locator(`[id="${href.slice(href.indexOf("#/") + 2)}"]`).first();
    await section.getByText(`.${operationId}(`).first().waitFor({ state: "visible", timeout: 15_000 });
    await page.waitForTimeout(500);
    // The top of the operation: its title, request and the sample panel beside it.
    const box = await section.boundingBox();
    await page.screenshot({
      path: out,
      clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 420) },
    });
    if (blocked.length) throw new Error(`requests left the docs origin: ${blocked.join(", ")}`);
    return path.resolve(out);
  } finally {
    await browser.close();
    server.close();
  }
}
