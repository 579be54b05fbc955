// Shared helpers of the bench: statistics, child processes, the machine and tool versions.
import { spawn } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stopProcessGroup } from "@specforge/mock";

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const repoRoot = path.dirname(path.dirname(benchDir));
export const childrenDir = path.join(benchDir, "src", "children");
export const require = createRequire(path.join(benchDir, "package.json"));

/** Median, min and max of a list of numbers. */
export function stats(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/** The value at quantile q (0..1) of an already sorted list. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at];
}

/** Per-round ratios a[i] / b[i] over the rounds both have; median, min and max of those. */
export function pairedRatio(a, b) {
  const n = Math.min(a.length, b.length);
  const ratios = [];
  for (let i = 0; i < n; i++) if (b[i] > 0) ratios.push(a[i] / b[i]);
  return stats(ratios);
}

const RESULT_MARK = "@@BENCH_RESULT ";

/** Called by a child script: hands its result to the parent on stdout. */
export function report(result) {
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`);
}

/**
 * Runs `node <script> ...args` and measures its wall-clock time from spawn to exit.
 * Resolves to { wallMs, code, stdout, stderr, result } where result is what the child passed to report().
 */
export function runNode(
  script,
  args = [],
  { cwd = repoRoot, env = {}, nodeArgs = [], timeoutMs = 600_000, input } = {},
) {
  return runProcess(process.execPath, [...nodeArgs, script, ...args], { cwd, env, timeoutMs, input });
}

export function runProcess(command, args, { cwd = repoRoot, env = {}, timeoutMs = 600_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const line = stdout
        .split("\n")
        .reverse()
        .find((l) => l.startsWith(RESULT_MARK));
      let result;
      if (line) result = JSON.parse(line.slice(RESULT_MARK.length));
      resolve({ wallMs, code, signal, stdout, stderr, result });
    });
  });
}

/** Like runNode, but throws with the child's output when it fails or reports nothing. */
export async function runChild(script, args, options) {
  const out = await runNode(path.join(childrenDir, script), args, options);
  if (out.code !== 0 || !out.result) {
    throw new Error(
      `${script} ${args.join(" ")} failed (code ${out.code}${out.signal ? `, ${out.signal}` : ""}):\n${(out.stderr || out.stdout).slice(-3000)}`,
    );
  }
  return out;
}

/**
 * Starts a long-lived child that reports once it is ready (a report() line), and returns that
 * report and a stop() that ends the child's process group.
 */
export function startChild(script, args = [], { env = {}, nodeArgs = [], timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(childrenDir, script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let ready = false;
    const stop = () => stopProcessGroup(child, 5000);
    const timer = setTimeout(() => {
      if (!ready) {
        stop();
        reject(new Error(`${script} did not start within ${timeoutMs} ms: ${stderr.slice(-2000)}`));
      }
    }, timeoutMs);
    child.stdout.on("data", (d) => {
      stdout += d;
      if (ready) return;
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
      if (line) {
        ready = true;
        clearTimeout(timer);
        resolve({
          info: JSON.parse(line.slice(RESULT_MARK.length)),
          pid: child.pid,
          stop,
          stderr: () => stderr,
          send: (text) => child.stdin.write(`${text}\n`),
        });
      }
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`${script} exited with code ${code} before it was ready: ${stderr.slice(-2000)}`));
      }
    });
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export async function makeTempDir(prefix = "specforge-bench-") {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** The version of an installed package, resolved from the bench package. */
export function versionOf(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch {
    try {
      let dir = path.dirname(require.resolve(name));
      for (;;) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
          const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
          if (pkg.name === name) return pkg.version;
        }
        const up = path.dirname(dir);
        if (up === dir) return "?";
        dir = up;
      }
    } catch {
      return "not installed";
    }
  }
}

export function machine() {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) osName = `${pretty} (${os.type()} ${os.release()})`;
  } catch {}
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: osName,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const fmt = {
  ms: (v) =>
    Number.isFinite(v)
      ? v >= 100
        ? `${Math.round(v).toLocaleString("en-US")} ms`
        : `${v.toFixed(v >= 10 ? 1 : 2)} ms`
      : "n/a",
  s: (v) => (Number.isFinite(v) ? `${(v / 1000).toFixed(v >= 10_000 ? 1 : 2)} s` : "n/a"),
  us: (v) => (Number.isFinite(v) ? `${v.toFixed(v >= 100 ? 0 : 1)} µs` : "n/a"),
  mb: (bytes) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MB` : "n/a"),
  kb: (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(2)} kB` : "n/a"),
  x: (v) => (Number.isFinite(v) ? `${v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2)}×` : "n/a"),
  int: (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a"),
  range: (s, f) => (s.n > 1 ? `${f(s.median)} [${f(s.min)}–${f(s.max)}]` : f(s.median)),
};
