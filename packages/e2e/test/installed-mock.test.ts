// The mock as a user gets it: `npm pack` the mock, the runtime and the three client packages,
// install the tarballs (and nothing else from this repository) into an empty project, start
// `npx specforge-mock <every provider of the registry>` there on the ports the environment names,
// call each client against it from a script in that project, then Ctrl-C: every process,
// Prism's included, must be gone.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerProject } from "@specforge/testkit/consumer";
import { freePort } from "@specforge/mock";
import { isListening } from "./net.js";
import { CLIENT_PACKAGES, PROVIDERS, REGISTRY_APIS } from "./registry.js";

const _repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let project: string;
let cli: ChildProcess | undefined;

/** Every descendant of `pid` (children, grandchildren...), from one `ps` listing. */
function descendants(pid: number): number[] {
  const rows = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent && !out.includes(child)) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  project = (await consumerProject(fs.mkdtempSync(path.join(os.tmpdir(), "specforge-mock-user-")))).dir;
}, 300_000);

afterAll(async () => {
  if (cli?.pid && cli.exitCode === null) {
    try {
      process.kill(-cli.pid, "SIGKILL");
    } catch {}
  }
  fs.rmSync(project, { recursive: true, force: true });
});

describe("the mock installed in a user's project", () => {
  it("ships what it needs: the mock without the generator, each client with its manifest and mock views", () => {
    const nm = path.join(project, "node_modules");
    expect(fs.existsSync(path.join(nm, "@specforge", "codegen"))).toBe(false);
    expect(CLIENT_PACKAGES.length).toBeGreaterThan(0);
    for (const { name: pkg, apis } of CLIENT_PACKAGES) {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(nm, "@specforge", pkg, "openapi", "specforge.json"), "utf8"),
      );
      expect(manifest.apis.map((a: { name: string }) => a.name)).toEqual(apis);
      for (const api of apis)
        expect(fs.existsSync(path.join(nm, "@specforge", pkg, "openapi", `${api}.mock.json`))).toBe(true);
    }
  });

  it("`npx specforge-mock <every provider>` serves every client, and Ctrl-C stops every process", {
    timeout: 90_000,
  }, async () => {
    // A port per API of the registry, companions included (a token endpoint starts with its API).
    const ports: Record<string, number> = {};
    for (const api of REGISTRY_APIS) ports[api.mockPortEnv] = await freePort();
    const env = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
    // Its own process group, as in a terminal, so "Ctrl-C" goes to npx and everything under it.
    cli = spawn("npx", ["specforge-mock", ...PROVIDERS], {
      cwd: project,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    cli.stdout!.on("data", (d) => (out += d));
    cli.stderr!.on("data", (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}${err}`)), 60_000);
      cli!.stdout!.on("data", () => {
        if (out.includes("Mocks running")) {
          clearTimeout(timer);
          resolve();
        }
      });
      cli!.on("exit", (code) => reject(new Error(`mock exited ${code}: ${out}${err}`)));
    });
    for (const { name, mockPortEnv } of REGISTRY_APIS)
      expect(out).toMatch(new RegExp(`mock ${name}\\s+http://127\\.0\\.0\\.1:${ports[mockPortEnv]}\\n`));

    // The user's script: one call per client against the mock.
    fs.writeFileSync(
      path.join(project, "call.mjs"),
      `import { createTrustedTwinClient } from "@specforge/trustedtwin";
import { createMiddletwinClient } from "@specforge/middletwin";
import { createMidaxoClient } from "@specforge/midaxo";
const e = process.env;
const tt = createTrustedTwinClient({ secret: "a".repeat(64), baseUrl: \`http://127.0.0.1:\${e.TRUSTEDTWIN_MOCK_PORT}\` });
const mt = createMiddletwinClient({ publicKey: "pk", secretKey: "sk", baseUrl: \`http://127.0.0.1:\${e.MIDDLETWIN_MOCK_PORT}\` });
const mx = createMidaxoClient({ region: "eu", clientId: "id", clientSecret: "secret", baseUrl: \`http://127.0.0.1:\${e.MIDAXO_MOCK_PORT}\`, tokenUrl: \`http://127.0.0.1:\${e.MIDAXO_OAUTH_MOCK_PORT}/oauth/token\` });
const whoami = await tt.who_am_i();
const { tenant } = await mt.call("get_tenant", { subdomain: "demo" });
const processes = await mx.list_processes();
console.log(JSON.stringify({ account: typeof whoami.account, tenant: tenant.subdomain, processes: Array.isArray(processes.data) }));
`,
    );
    const called = spawnSync(process.execPath, ["call.mjs"], { cwd: project, env, encoding: "utf8", timeout: 30_000 });
    expect(called.stderr).toBe("");
    expect(JSON.parse(called.stdout)).toEqual({ account: "string", tenant: "demo", processes: true });

    // Ctrl-C: SIGINT to the foreground process group (npx, npm's shell, the CLI). The Prism
    // processes run in their own groups; the CLI must stop them.
    const tree = descendants(cli.pid!);
    expect(tree.length).toBeGreaterThanOrEqual(1 + REGISTRY_APIS.length); // the CLI + a Prism per API, under npx
    const exited = new Promise((r) => cli!.once("exit", r));
    process.kill(-cli.pid!, "SIGINT");
    await exited;
    const deadline = Date.now() + 15_000;
    while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter(alive), `processes left after Ctrl-C: ${out}${err}`).toEqual([]);
    for (const port of Object.values(ports)) expect(await isListening(port)).toBe(false);
  });

  it("fails with one line on a busy port, naming the variable to change", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const result = spawnSync("npx", ["specforge-mock", "middletwin"], {
        cwd: project,
        env: { ...process.env, MIDDLETWIN_MOCK_PORT: String(port) },
        encoding: "utf8",
        timeout: 50_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split("\n")).toEqual([
        `mock: mock "middletwin": port ${port} is already in use (set MIDDLETWIN_MOCK_PORT to use another port)`,
      ]);
    } finally {
      blocker.close();
    }
  });
});
