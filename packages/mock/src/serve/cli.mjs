#!/usr/bin/env node
// specforge-mock [api | package | folder ...]: starts the mocks of installed client packages
// (all of them by default) on their default ports (each overridable by its variable) until Ctrl-C.
import { spawn } from "node:child_process";

const USAGE = `Usage: specforge-mock [--host <host>] [--seed <file>] [--stateless] [--max-items <n>] [api | package | folder ...] [-- command ...]

Serves the mock of each named API (e.g. petstore), client package (e.g. @acme/petstore: all
its APIs) or package folder, resolved from the current folder; no name: every installed client
package that ships a mock. An API starts with the APIs it needs (e.g. a token endpoint with the API it serves).
Ports: each API's default, or its variable (e.g. PETSTORE_MOCK_PORT=0 for any free port).
Ctrl-C stops every mock. With "-- command": runs the command once the mocks answer, with each
mock's URL in its variable (e.g. PETSTORE_MOCK_URL), stops the mocks when it ends and exits
with its exit code (for CI: specforge-mock petstore -- npm test).

The mocks keep state: what a client creates it can read, update, list and delete, starting from
the spec's examples. --seed adds your fixtures from a JSON file ({"<api>": {"<resource>": [item, ...]}});
POST /__specforge/reset on a mock puts it back to that seed. --stateless answers every request with
the spec's examples instead. --max-items caps each mock's store (default 100000).

With --upstream <url>: a validating proxy in front of the real API instead of the mock
(--tour, --report, --check-report: see specforge-mock --help-proxy).`;

const argv = process.argv.slice(2);
// The validating proxy and its tour (proxy-cli.mjs).
if (argv.some((a) => /^--(upstream|check-report)(=|$)/.test(a))) {
  const { runProxyCli } = await import("../proxy/cli.mjs");
  process.exit(await runProxyCli(argv));
}
const dashes = argv.indexOf("--");
const args = dashes >= 0 ? argv.slice(0, dashes) : argv;
const command = dashes >= 0 ? argv.slice(dashes + 1) : [];
const names = [];
let host = "127.0.0.1";
const state = {};
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === "--help-proxy") {
    const { PROXY_USAGE } = await import("../proxy/cli.mjs");
    console.log(PROXY_USAGE);
    process.exit(0);
  } else if (arg === "-h" || arg === "--help") {
    console.log(USAGE);
    process.exit(0);
  } else if (arg === "--host") host = args[++i];
  else if (arg.startsWith("--host=")) host = arg.slice("--host=".length);
  else if (arg === "--seed" || arg.startsWith("--seed="))
    state.seed = arg === "--seed" ? args[++i] : arg.slice("--seed=".length);
  else if (arg === "--stateless") state.stateless = true;
  else if (arg === "--max-items" || arg.startsWith("--max-items=")) {
    const raw = arg === "--max-items" ? args[++i] : arg.slice("--max-items=".length);
    state.maxItems = Number(raw);
    if (!Number.isInteger(state.maxItems) || state.maxItems < 1) {
      console.error(`mock: --max-items needs a positive whole number, not ${raw}`);
      process.exit(2);
    }
  } else if (arg.startsWith("-")) {
    console.error(`mock: unknown option ${arg}\n${USAGE}`);
    process.exit(2);
  } else names.push(arg);
}

// Ctrl-C during start-up stops what has started; afterwards, it stops every mock.
let running;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  if (!running) return; // still starting: the start-up below stops them once they are up
  await running.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);

try {
  if (state.seed === undefined && args.includes("--seed")) throw new Error("--seed needs a file");
  // Loaded after the signal handlers are set: a Ctrl-C while the modules load is not lost.
  const { startMocks } = await import("../index.mjs");
  running = await startMocks({ apis: names, host, ...state });
} catch (error) {
  console.error(`mock: ${error.message}`);
  process.exit(stopping ? 0 : 1);
}
if (stopping) {
  await running.stop();
  process.exit(0);
}
for (const m of running.mocks) console.log(`mock ${m.api.padEnd(14)} ${m.url}`);
if (command.length) {
  const env = { ...process.env };
  for (const m of running.mocks) if (m.urlEnv) env[m.urlEnv] = m.url;
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", env, shell: process.platform === "win32" });
  const finish = async (code) => {
    stopping = true;
    await running.stop();
    process.exit(code);
  };
  child.on("error", (error) => {
    console.error(`mock: cannot run ${command[0]}: ${error.message}`);
    finish(127);
  });
  child.on("exit", (code, signal) => finish(code ?? (signal ? 1 : 0)));
} else {
  console.log("Mocks running. Press Ctrl-C to stop.");
}
