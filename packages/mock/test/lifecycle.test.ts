// How a mock starts and ends, as a user's CI meets it: a client that connects as soon as the port
// opens is answered by the mock (not an upstream error), and Prism never outlives the process that
// started it, however that process ends.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort, installedMockApis, startMock } from "../src/index.mjs";

const [entry] = installedMockApis();
const api: string = entry.name;
// A request the router forwards to Prism (the router answers an unknown path by itself).
const view = JSON.parse(fs.readFileSync(entry.mockView, "utf8"));
const forwarded = Object.keys(view.paths).find((p) => !p.includes("{") && view.paths[p].get);

function get(port: number, path: string) {
  return new Promise<number | undefined>((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(undefined)); // not listening yet
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("mock lifecycle", () => {
  it("holds requests that arrive while Prism starts, instead of answering 502", async () => {
    const port = await freePort();
    let started = false;
    const starting = startMock({ api, port }).then((mock: { stop(): Promise<void> }) => {
      started = true;
      return mock;
    });
    const statuses: number[] = [];
    let beforeReady = 0;
    // Poll the port like a CI step that waits for it, then keep sending until the mock is up.
    while (!started) {
      const sentWhileStarting = !started;
      const status = await get(port, forwarded);
      if (status !== undefined) {
        statuses.push(status);
        if (sentWhileStarting) beforeReady++;
      } else await new Promise((r) => setTimeout(r, 20));
    }
    const mock = await starting;
    try {
      expect(forwarded, `${api}'s mock view has no GET path without parameters`).toBeTruthy();
      expect(
        beforeReady,
        "no request reached the port before the mock was ready: the test proved nothing",
      ).toBeGreaterThan(0);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    } finally {
      await mock.stop();
    }
  }, 60_000);

  it("Prism exits when the process that started it is killed with SIGKILL", async () => {
    const index = fileURLToPath(new URL("../src/index.mjs", import.meta.url));
    const script = `const { startMock } = await import(${JSON.stringify(index)});
      const mock = await startMock({ api: ${JSON.stringify(api)}, port: 0 });
      console.log(JSON.stringify({ prismPid: mock.prismPid, port: mock.port }));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const started: { prismPid: number; port: number } = await new Promise((resolve, reject) => {
      let out = "";
      parent.stdout.on("data", (c) => {
        out += c;
        if (out.includes("\n")) resolve(JSON.parse(out));
      });
      parent.on("exit", (code) => reject(new Error(`the parent exited (${code}) before the mock started`)));
    });
    expect(alive(started.prismPid)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (alive(started.prismPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const orphan = alive(started.prismPid);
    if (orphan) process.kill(-started.prismPid, "SIGKILL");
    expect(orphan, `Prism (pid ${started.prismPid}) outlived its parent`).toBe(false);
  }, 60_000);
});
