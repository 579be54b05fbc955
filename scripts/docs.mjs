// npm run build-docs: the docs portal in docs/dist (packages/docs): one offline Redoc page per API
// and a landing page, from the docs views `npm run generate` writes (run it first; `npm run docs` does).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildDocsPortal, DocsError } from "@specforge/docs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
try {
  const { pages, outDir, ms } = await buildDocsPortal({ root });
  console.log(`docs: ${pages.length} API pages + index.html in ${path.relative(root, outDir)} (${ms} ms)`);
} catch (error) {
  if (!(error instanceof DocsError)) throw error;
  console.error(`docs: ${error.message}`);
  process.exit(1);
}
