// node scripts/screenshot.mjs [api] [operationId] [out.png]: a screenshot of one operation page of
// the built docs portal (docs/dist, `npm run docs` first) with its code samples, taken offline in
// the browser the docs check uses (packages/docs). Default: Trusted Twin's get_twin into
// docs/operation-sample.png (the picture in the README).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { screenshotOperation } from "@specforge/docs/screenshot";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [api = "trustedtwin", operationId = "get_twin", out = path.join(root, "docs", "operation-sample.png")] =
  process.argv.slice(2);
await screenshotOperation({ dir: path.join(root, "docs", "dist"), api, operationId, out });
console.log(`screenshot: ${path.relative(process.cwd(), out)} (${api} ${operationId})`);
