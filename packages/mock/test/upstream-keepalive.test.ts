// Issue 28 §1: the router answered a valid request 502 "socket hang up" when its upstream (Prism)
// closed an idle kept-alive socket just as the router reused it. Two checks: a stress run (both
// cores loaded, many parallel requests, idle gaps around the upstream's keep-alive timeout) and a
// deterministic one (an upstream that closes a reused socket without answering).
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { startRouter } from "../src/serve/router.mjs";

const servers: http.Server[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An upstream like Prism's Node server: keep-alive with a fixed idle timeout, JSON answers. */
async function upstream(
  keepAliveTimeout: number,
  handler?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const server = http.createServer(
    handler ??
      ((req, res) => {
        req.resume();
        req.on("end", () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        });
      }),
  );
  server.keepAliveTimeout = keepAliveTimeout;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function router(upstreamUrl: string) {
  const { server, port } = await startRouter({ routerSpec: {}, upstream: upstreamUrl, port: 0 });
  servers.push(server);
  return `http://127.0.0.1:${port}`;
}

// Clients keep their connections to the router alive, as fetch does (a `connection: close` would
// reach the upstream too, and no socket would ever be reused); they drop them after 1 s idle, as
// fetch does before the router's own 5 s, so only the router's upstream hop is under test.
const clientAgent = new http.Agent({ keepAlive: true, timeout: 1000 });
afterAll(() => clientAgent.destroy());

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: clientAgent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}

/** Busy loops on every core but one of ours, for the time of a test (the load a full `npm test` makes). */
function loadCores(count: number) {
  const code = "const end = Date.now() + 120000; while (Date.now() < end) {}";
  const workers = Array.from({ length: count }, () => fork("-e", [code], { execArgv: [], stdio: "ignore" }));
  return () => {
    for (const worker of workers) worker.kill();
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the router's upstream connections", () => {
  it("never answers 5xx when the upstream closes idle kept-alive sockets (parallel requests, idle gaps, loaded cores)", async () => {
    const keepAlive = 2000; // Prism's server keeps 5 s; shorter here keeps the test short, same race
    const base = await router(await upstream(keepAlive));
    const stopLoad = loadCores(Math.max(2, os.availableParallelism()));
    const statuses = new Map<number, number>();
    try {
      const parallel = 48;
      // Gaps from just under to just over the upstream's timeout: the moment it closes idle sockets.
      for (const gap of [keepAlive - 30, keepAlive - 10, keepAlive, keepAlive + 5, keepAlive + 15, keepAlive + 40]) {
        const answers = await Promise.all(
          Array.from({ length: parallel }, (_, i) => sleep(i % 8).then(() => get(`${base}/things/${i}`))),
        );
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
        await sleep(gap);
      }
    } finally {
      stopLoad();
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 6 * 48 });
  }, 60_000);

  it("sends a request once more when the upstream closed its reused socket before answering a byte", async () => {
    let served = 0;
    const base = await router(
      await upstream(60_000, (req, res) => {
        served++;
        // The second request on a connection finds it closed, as when the upstream's idle timer fires.
        const onSocket = ((req.socket as unknown as { served?: number }).served ?? 0) + 1;
        (req.socket as unknown as { served?: number }).served = onSocket;
        if (onSocket > 1) return req.socket.destroy();
        req.resume();
        req.on("end", () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        });
      }),
    );
    expect(await get(`${base}/a`)).toBe(200);
    await sleep(100); // the router's upstream socket goes back to its pool
    expect(await get(`${base}/b`)).toBe(200); // reuses the kept-alive socket, which the upstream drops
    expect(served).toBeGreaterThanOrEqual(3);
  });
});
