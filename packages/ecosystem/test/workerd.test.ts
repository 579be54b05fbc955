// Cloudflare's workerd (the npm package, a devDependency), driven directly with a capnp config
// (miniflare needs Node 22): the scenarios bundled as one module worker, calling the mocks on
// 127.0.0.1 through an outbound network service that allows local addresses.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, stopProcessGroup } from "@specforge/mock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLIENTS, runtimeBinary } from "./eco.js";
import { expectScenario } from "./expected.js";

const eco = inject("eco");
let child: ChildProcess | undefined;
let base = "";
let output = "";

function config(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .scenarios),
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const scenarios :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "net",
);
`;
}

beforeAll(async () => {
  const workerd = runtimeBinary("workerd");
  const dir = path.dirname(eco.bundles.worker.file);
  const port = await freePort();
  fs.writeFileSync(path.join(dir, "config.capnp"), config(port));
  child = spawn(workerd, ["serve", "config.capnp", "--verbose"], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${base}/ping`);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`workerd did not listen on ${base} within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}, 60_000);

afterAll(async () => {
  if (child) await stopProcessGroup(child);
});

describe("workerd", () => {
  it.concurrent.each(CLIENTS)("%s", async (client) => {
    const response = await fetch(`${base}/${client}?urls=${encodeURIComponent(JSON.stringify(eco.urls))}`);
    const out = (await response.json()) as { runtime?: string; result?: unknown; error?: string };
    if (out.error) throw new Error(`workerd: ${out.error}\n--- workerd log\n${output.slice(-4000)}`);
    expect(response.status).toBe(200);
    expect(out.runtime).toMatch(/^workerd/);
    expectScenario(client, "workerd", out.result);
  });
});
