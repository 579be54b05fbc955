// Runs Prism (the real one, pinned) on a spec file as a detached process group, so stopping it
// stops npm/sh/node children too, and waits until it reports the port it listens on (any free one
// unless a port is given). The child is prism-server.cjs:
// Prism's own HTTP server, set up as `prism mock` sets it up, without the CLI's second pass over the spec.
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";

const PRISM_SERVER = fileURLToPath(new URL("./prism-server.cjs", import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL("./exit-with-parent.cjs", import.meta.url));

/**
 * Stops a child spawned with `detached: true` and its whole process group (SIGTERM, then SIGKILL
 * after `graceMs`), and resolves once it has exited.
 */
export async function stopProcessGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Asks the OS for a free port on the loopback interface. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const LISTENING = /prism-server: listening on port (\d+)/;

/** Resolves with the port Prism reports once it listens; rejects if it exits first or takes too long. */
function untilListening(child, timeoutMs, output) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const done = (settle, value) => {
      clearTimeout(timer);
      child.stdout.off("data", read);
      child.off("exit", exited);
      settle(value);
    };
    const read = (chunk) => {
      stdout = (stdout + chunk).slice(-200);
      const found = LISTENING.exec(stdout);
      if (found) done(resolve, Number(found[1]));
    };
    const exited = (code, signal) =>
      done(reject, new Error(`Prism exited with code ${code ?? signal}: ${output().slice(-2000)}`));
    const timer = setTimeout(
      () => done(reject, new Error(`Prism did not answer within ${timeoutMs} ms: ${output().slice(-2000)}`)),
      timeoutMs,
    );
    child.stdout.on("data", read);
    child.once("exit", exited);
  });
}

/**
 * How long to wait for Prism to answer. On published specs with deep shared schemas, Prism
 * 5.14 spends tens of CPU seconds resolving the spec before it listens (it dereferences the spec,
 * then decycles it by walking every path through shared schemas; figures in docs/decisions.md 46),
 * so the wait is generous; it ends as soon as Prism listens or exits.
 * `SPECFORGE_MOCK_START_TIMEOUT_MS` overrides it.
 */
export function defaultStartTimeout(env = process.env) {
  const given = Number(env.SPECFORGE_MOCK_START_TIMEOUT_MS);
  return Number.isFinite(given) && given > 0 ? given : 180_000;
}

/**
 * @param {{ spec: string, port?: number, host?: string, timeoutMs?: number }} options
 * @returns {Promise<{ url: string, port: number, pid: number, stop: () => Promise<void> }>}
 */
export async function startPrism({ spec, port = 0, host = "127.0.0.1", timeoutMs = defaultStartTimeout() }) {
  // Prism's stdin is a pipe this process holds open: exit-with-parent.cjs ends Prism when the pipe
  // closes, i.e. when we are gone.
  const child = spawn(process.execPath, ["--require", EXIT_WITH_PARENT, PRISM_SERVER, spec, host, String(port)], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.on("error", () => {}); // the pipe breaks when Prism exits first; nothing to report
  let log = "";
  const collect = (chunk) => {
    log = (log + chunk).slice(-8000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const stop = () => stopProcessGroup(child);
  try {
    // The port Prism itself reports: a port chosen here and passed down could be taken by another
    // process before Prism binds it, and a probe of it would then find that other server.
    port = await untilListening(child, timeoutMs, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://${host}:${port}`, port, pid: child.pid, stop };
}
