// The proxy's side of the command line (cli.mjs hands over when it sees --upstream or
// --check-report): serve the validating proxy, run the tour through it, or replay a report.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { portFor } from "../index.mjs";
import { resolveMockApis } from "../serve/packages.mjs";
import { envelopeOf, startProxyFor } from "./proxy.mjs";
import { checkReport } from "./report.mjs";
import { runTour } from "./tour.mjs";

export const PROXY_USAGE = `Validating proxy (one API at a time):
  specforge-mock <api> --upstream <url> [--report <file>] [--no-bodies] [--body-limit <chars>]
      Forwards every request to <url> as sent (credentials included) and every answer back
      unchanged; prints one line per spec violation. --report writes a JSON report on stop
      (credentials redacted; bodies cut at --body-limit characters, default 4096, or left out
      with --no-bodies). Listens on the API's mock port (its variable, e.g. PETSTORE_MOCK_PORT).
  specforge-mock <api> --upstream <url> --tour [--allow-writes] [--report <file>]
      Runs every read-only operation through the proxy with the docs samples' parameters
      (credentials from the variables the docs' curl samples name), prints a summary, exits 1
      when anything contradicts the spec or gets no answer. --allow-writes also runs operations that change data.
  specforge-mock [<api>] --check-report <file>
      Replays a report against the installed spec (no credentials needed).`;

function parse(args) {
  const o = { names: [], bodies: true, tour: false, allowWrites: false, command: [] };
  const dashes = args.indexOf("--");
  if (dashes >= 0) {
    o.command = args.slice(dashes + 1);
    args = args.slice(0, dashes);
  }
  const valued = {
    "--upstream": "upstream",
    "--report": "report",
    "--check-report": "checkReport",
    "--body-limit": "bodyLimit",
    "--host": "host",
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (valued[flag]) {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") throw new Error(`${flag} needs a value`);
      o[valued[flag]] = value;
    } else if (arg === "--no-bodies") o.bodies = false;
    else if (arg === "--tour") o.tour = true;
    else if (arg === "--allow-writes") o.allowWrites = true;
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else o.names.push(arg);
  }
  if (o.bodyLimit !== undefined) {
    const n = Number(o.bodyLimit);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--body-limit ${o.bodyLimit} is not a number of characters`);
    o.bodyLimit = n;
  }
  return o;
}

/**
 * @param {string[]} argv  the command line after the program name
 * @param {{ out?: (line: string) => void, err?: (line: string) => void, env?: Record<string, string | undefined>, cwd?: string }} [io]
 * @returns {Promise<number>} the exit code
 */
export async function runProxyCli(
  argv,
  { out = console.log, err = console.error, env = process.env, cwd = process.cwd() } = {},
) {
  let o;
  try {
    o = parse(argv);
  } catch (error) {
    err(`mock: ${error.message}\n${PROXY_USAGE}`);
    return 2;
  }
  if (o.checkReport) return replay(o, { out, err, cwd });
  if (o.names.length !== 1) {
    err(
      `mock: --upstream proxies one API; name it (e.g. specforge-mock petstore --upstream https://api.example.com)\n${PROXY_USAGE}`,
    );
    return 2;
  }
  if (o.allowWrites && !o.tour) {
    err("mock: --allow-writes belongs to --tour");
    return 2;
  }
  let entry;
  let proxy;
  try {
    [entry] = resolveMockApis(o.names, { cwd, companions: false });
    const port = o.tour && !env[entry.mockPortEnv ?? ""] ? 0 : portFor(entry, env);
    proxy = await startProxyFor(entry, {
      upstream: o.upstream,
      port,
      host: o.host,
      report: o.report,
      bodies: o.bodies,
      bodyLimit: o.bodyLimit,
      log: err,
    });
  } catch (error) {
    err(
      `mock: ${error.code === "EADDRINUSE" ? `port ${error.port} is already in use${entry?.mockPortEnv ? ` (set ${entry.mockPortEnv} to use another port)` : ""}` : error.message}`,
    );
    return 1;
  }
  const finish = async (code) => {
    await proxy.stop();
    const { summary } = proxy.report();
    out(
      `proxy ${entry.name}: ${summary.exchanges} exchanges, ${summary.conforming} conforming, ${summary.violating} violating (${summary.violations} violations)${summary.failed ? `, ${summary.failed} without an answer` : ""}${o.report ? `; report written to ${o.report}` : ""}`,
    );
    return code;
  };
  if (o.tour) {
    const view = JSON.parse(await fs.readFile(entry.mockView, "utf8"));
    try {
      const summary = await runTour({ proxy, view, api: entry.name, allowWrites: o.allowWrites, env, log: out });
      return finish(summary.violating || summary.failed ? 1 : 0);
    } catch (error) {
      err(`mock: ${error.message}`);
      return finish(1);
    }
  }
  out(`proxy ${entry.name.padEnd(14)} ${proxy.url} -> ${proxy.upstream} (violations print below)`);
  if (o.command.length) {
    const childEnv = { ...env, ...(entry.mockUrlEnv ? { [entry.mockUrlEnv]: proxy.url } : {}) };
    const code = await new Promise((resolve) => {
      const child = spawn(o.command[0], o.command.slice(1), {
        stdio: "inherit",
        env: childEnv,
        shell: process.platform === "win32",
      });
      child.on("error", (error) => {
        err(`mock: cannot run ${o.command[0]}: ${error.message}`);
        resolve(127);
      });
      child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    return finish(code);
  }
  out("Proxy running. Press Ctrl-C to stop (the report is written then).");
  return new Promise((resolve) => {
    const stop = () => finish(0).then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.once("SIGHUP", stop);
  });
}

async function replay(o, { out, err, cwd }) {
  let report;
  try {
    report = JSON.parse(await fs.readFile(o.checkReport, "utf8"));
  } catch (error) {
    err(`mock: cannot read the report ${o.checkReport}: ${error.message}`);
    return 1;
  }
  const name = o.names[0] ?? report?.api;
  if (!name) {
    err("mock: the report names no API; name it (specforge-mock <api> --check-report <file>)");
    return 2;
  }
  try {
    const [entry] = resolveMockApis([name], { cwd, companions: false });
    const view = JSON.parse(await fs.readFile(entry.mockView, "utf8"));
    const bundle = JSON.parse(await fs.readFile(entry.bundle, "utf8"));
    const result = checkReport(report, { view, envelope: envelopeOf(bundle) });
    for (const line of result.lines) out(line);
    const version = bundle.info?.version;
    out(
      `check-report ${entry.name}: ${result.exchanges} exchanges replayed against spec ${version ?? "(no version)"}${report.specVersion && report.specVersion !== version ? ` (the report was made against ${report.specVersion})` : ""}: ` +
        `${result.violations.length} violations${result.recorded.length ? `, ${result.recorded.length} more recorded (their bodies are not in the report)` : ""}`,
    );
    return result.violations.length || result.recorded.length ? 1 : 0;
  } catch (error) {
    err(`mock: ${error.message}`);
    return 1;
  }
}
