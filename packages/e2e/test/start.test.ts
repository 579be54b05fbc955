// `npm start` as a user runs it: the docs server answers malformed or hostile URLs with a 400 or
// 404, keeps serving, and never hands out a file outside docs/dist.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@specforge/mock";
import { createStaticServer } from "@specforge/docs/static-server";
import { isListening } from "./net.js";
import { REGISTRY_APIS } from "./registry.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Sends `GET <target>` byte for byte (no URL normalisation on the way) and returns status and body. */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (d) => (data += d));
    socket.on("error", reject);
    socket.on("end", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
      resolve({ status, body: data.slice(data.indexOf("\r\n\r\n") + 4) });
    });
  });
}

const HOSTILE = [
  "/%E0",
  "/%",
  "/%00",
  "/../package.json",
  "/..%2f..%2fpackage.json",
  "/%2e%2e/%2e%2e/package.json",
  "/../dist-secret/secret.txt",
  "/..%2fdist-secret%2fsecret.txt",
];

describe("the docs server (@specforge/docs/static-server)", () => {
  let dir: string;
  let server: import("node:http").Server;
  let port: number;
  beforeAll(async () => {
    // docs/dist beside a sibling whose name starts the same way, and a file above both.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "static-server-"));
    fs.mkdirSync(path.join(dir, "dist"));
    fs.mkdirSync(path.join(dir, "dist-secret"));
    fs.writeFileSync(path.join(dir, "dist", "index.html"), "<h1>portal</h1>");
    fs.writeFileSync(path.join(dir, "dist-secret", "secret.txt"), "SECRET");
    fs.writeFileSync(path.join(dir, "package.json"), '{"SECRET":1}');
    server = createStaticServer(path.join(dir, "dist"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(HOSTILE)("answers %s with a 400 or 404 and no file from outside, then keeps serving", async (target) => {
    const hostile = await rawGet(port, target);
    expect([400, 404]).toContain(hostile.status);
    expect(hostile.body).not.toContain("SECRET");
    const after = await rawGet(port, "/");
    expect(after.status).toBe(200);
    expect(after.body).toContain("<h1>portal</h1>");
  });

  it("answers a malformed percent-encoding with 400, a missing file with 404, and other methods with 405", async () => {
    expect((await rawGet(port, "/%E0")).status).toBe(400);
    expect((await rawGet(port, "/nope.html")).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/`, { method: "POST" })).status).toBe(405);
  });
});

describe("npm start", () => {
  it("serves the portal and every mock; hostile URLs get 400/404; Ctrl-C stops it", { timeout: 180_000 }, async () => {
    // The docs and a mock per API of the registry, each on a free port.
    const env: Record<string, string> = { DOCS_PORT: String(await freePort()) };
    for (const api of REGISTRY_APIS) env[api.mockPortEnv] = String(await freePort());
    const child = spawn(process.execPath, [path.join(repoRoot, "scripts", "start.mjs")], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not come up: ${out.slice(-2000)}`)), 170_000);
        child.stdout.on("data", () => {
          if (out.includes("specforge is running")) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on("exit", (code) => reject(new Error(`npm start exited ${code}: ${out.slice(-2000)}`)));
      });
      const docsPort = Number(env.DOCS_PORT);
      expect((await rawGet(docsPort, "/%E0")).status).toBe(400);
      const traversal = await rawGet(docsPort, "/../package.json");
      expect([400, 404]).toContain(traversal.status);
      expect(traversal.body).not.toContain('"workspaces"');
      const portal = await rawGet(docsPort, "/");
      expect(portal.status).toBe(200);
      expect(portal.body).toContain("<html");
      for (const api of REGISTRY_APIS) expect(await isListening(Number(env[api.mockPortEnv])), api.name).toBe(true);
      expect((await fetch(`http://127.0.0.1:${env.TRUSTEDTWIN_MOCK_PORT}/whoami`)).status).toBe(401);
    } finally {
      const exited = new Promise((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    }
  });
});
