// npm start: the main job on a fresh clone. Builds every package (generate included) and the
// docs portal, then serves it on http://127.0.0.1:8080 and starts every mock, printing
// each URL. Ctrl-C stops everything.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@specforge/docs/static-server";
import { startMocks } from "@specforge/mock";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const docsDir = path.join(root, "docs", "dist");
const docsPort = Number(process.env.DOCS_PORT ?? 8080);

function run(script, ...args) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts", script), ...args], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// One turbo run: every package's build and the docs portal, each cached when nothing changed.
run("turbo.mjs", "run", "build", "//#build-docs");

let docsServer;
let mocks;
try {
  docsServer = await serveStatic(docsDir, { port: docsPort, portEnv: "DOCS_PORT" });
  mocks = await startMocks();
} catch (error) {
  console.error(error.message);
  docsServer?.close();
  process.exit(1);
}
console.log(`\ndocs               http://127.0.0.1:${docsPort}/`);
for (const m of mocks.mocks) console.log(`mock ${m.api.padEnd(14)} ${m.url}`);
console.log("\nspecforge is running. Press Ctrl-C to stop.");
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  docsServer.close();
  docsServer.closeAllConnections?.();
  await mocks.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
