// With the global fetch the attempt loop does not race the body read against its signal: the Fetch
// standard's "abort fetch" errors the body. These tests hold that against a real server that sends
// its headers and part of a body, then stalls: the timeout and the caller's signal still end the read.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, operation, TimeoutError } from "../src/index.js";
import { caught } from "./helpers.js";

let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"partial":');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const stalled = operation<never>("stalled", "GET", "/stalled", { idempotent: true }) as unknown as (
  core: unknown,
  init?: object,
  options?: object,
) => Promise<unknown>;

describe("a body that stalls, read with the global fetch", () => {
  it("ends at the per-attempt timeout, each attempt, as a TimeoutError", async () => {
    const core = createCore({ baseUrl, timeoutMs: 200, maxRetries: 1, retry: { initialDelayMs: 1 } });
    const started = performance.now();
    const error = await caught(stalled(core));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).attempts).toBe(2);
    // Two attempts of 200 ms; a busy 2-core machine may add seconds, never a hang.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("ends when the caller's signal aborts, with its reason", async () => {
    const core = createCore({ baseUrl, timeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error("stop");
    setTimeout(() => controller.abort(reason), 150);
    const started = performance.now();
    expect(await caught(stalled(core, undefined, { signal: controller.signal }))).toBe(reason);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
