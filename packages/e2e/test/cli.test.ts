// The user-facing commands as a user runs them: `npm run mock` ports, busy-port error, Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "@specforge/mock";
import { isListening } from "./net.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const mockScript = path.join(repoRoot, "scripts", "mock.mjs");

describe("npm run mock", () => {
  it("fails with one clear line when a port is busy, naming the variable to change", async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const result = spawnSync(process.execPath, [mockScript, "trustedtwin"], {
        cwd: repoRoot,
        env: { ...process.env, TRUSTEDTWIN_MOCK_PORT: String(port) },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `mock: mock "trustedtwin": port ${port} is already in use (set TRUSTEDTWIN_MOCK_PORT to use another port)`,
      );
    } finally {
      blocker.close();
    }
  });

  it("serves on the ports the environment names, answers, and Ctrl-C stops every child", async () => {
    const ports = { MIDDLETWIN_MOCK_PORT: await freePort(), TRUSTEDTWIN_MOCK_PORT: await freePort() };
    const child = spawn(process.execPath, [mockScript, "middletwin", "trustedtwin"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        MIDDLETWIN_MOCK_PORT: String(ports.MIDDLETWIN_MOCK_PORT),
        TRUSTEDTWIN_MOCK_PORT: String(ports.TRUSTEDTWIN_MOCK_PORT),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 60_000);
      child.stdout.on("data", () => {
        if (out.includes("Mocks running")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`mock exited ${code}: ${out}`)));
    });
    expect(out).toContain(`http://127.0.0.1:${ports.TRUSTEDTWIN_MOCK_PORT}`);
    const tenant = await fetch(`http://127.0.0.1:${ports.MIDDLETWIN_MOCK_PORT}/dart/core`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "get_tenant", subdomain: "demo" }),
    });
    expect(tenant.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.TRUSTEDTWIN_MOCK_PORT}/whoami`)).status).toBe(401);

    // The CLI's children are the Prism processes (one per mock): all must be gone after Ctrl-C.
    const prismPids = spawnSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .map((s) => Number(s.trim()))
      .filter(Boolean);
    expect(prismPids).toHaveLength(2);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await isListening(ports.MIDDLETWIN_MOCK_PORT)).toBe(false);
    expect(await isListening(ports.TRUSTEDTWIN_MOCK_PORT)).toBe(false);
    for (const pid of prismPids) {
      expect(() => process.kill(pid, 0), `prism ${pid} outlived the mock CLI`).toThrow();
    }
  });

  it("names what is installed when asked for an unknown API", () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, "packages", "mock", "src", "cli.mjs"), "no-such-api"],
      { cwd: repoRoot, encoding: "utf8", timeout: 30_000 },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^mock: unknown API "no-such-api": installed client packages serve (?=.*trustedtwin)(?=.*middletwin)(?=.*midaxo-oauth)/,
    );
  });

  it("Ctrl-C while the mocks are still starting stops them too", async () => {
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "packages", "mock", "src", "cli.mjs"), "trustedtwin", "midaxo"],
      {
        cwd: repoRoot,
        env: { ...process.env, TRUSTEDTWIN_MOCK_PORT: "0", MIDAXO_MOCK_PORT: "0", MIDAXO_OAUTH_MOCK_PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    // Prism runs in its own process group: remember every child seen while starting.
    const seen = new Set<number>();
    const watch = setInterval(() => {
      for (const line of spawnSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], {
        encoding: "utf8",
      }).stdout.split("\n")) {
        if (Number(line.trim())) seen.add(Number(line.trim()));
      }
    }, 25);
    const exited = new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, 1200));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    clearInterval(watch);
    expect(seen.size).toBeGreaterThan(0);
    const alive = [...seen].filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });

  it("-- runs a command against the mocks (their URLs in its environment) and exits with its code", () => {
    const script = `const r = await fetch(process.env.MIDDLETWIN_MOCK_URL + "/dart/core", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
const body = await r.json(); console.log(r.status, body.errorMessage); process.exit(7);`;
    const result = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, "packages", "mock", "src", "cli.mjs"),
        "middletwin",
        "--",
        process.execPath,
        "--input-type=module",
        "-e",
        script,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, MIDDLETWIN_MOCK_PORT: "0" },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(7);
    expect(result.stdout).toMatch(
      /^mock middletwin\s+http:\/\/127\.0\.0\.1:\d+\n400 Request body is not valid JSON \(/,
    );
  });
});
