import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  DEFAULT_RETRY,
  NetworkError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  type SpecforgeError,
  TimeoutError,
  type AttemptEvent,
  type CoreOptions,
  createCore,
  send,
} from "../src/index.js";
import { resolveSettings } from "../src/settings.js";
import { caught, hang, json, networkError, scripted, type Step, createCaller } from "./helpers.js";

const GET = { method: "GET", path: "/things/{id}", idempotent: true, secured: true } as const;
const POST = { method: "POST", path: "/things", idempotent: false, secured: true } as const;
const FAST = { retry: { initialDelayMs: 1, maxDelayMs: 2 } };

function scriptedCall(steps: Step[], options: Partial<CoreOptions> = {}) {
  const wire = scripted(steps);
  const caller = createCaller({ baseUrl: "http://api.test", fetch: wire.fetch, ...FAST, ...options });
  return { wire, get: (o = {}) => caller.call("get_thing", GET, { path: { id: "1" } }, o), caller };
}

describe("backoffDelay", () => {
  const settings = { initialDelayMs: 100, maxDelayMs: 1000 };
  it("is full jitter under an exponential ceiling", () => {
    expect(backoffDelay(0, settings, () => 0)).toBe(0);
    expect(backoffDelay(0, settings, () => 0.999999)).toBe(99);
    expect(backoffDelay(1, settings, () => 0.5)).toBe(100);
    expect(backoffDelay(2, settings, () => 0.5)).toBe(200);
    expect(backoffDelay(3, settings, () => 0.999999)).toBe(799);
  });
  it("never exceeds maxDelayMs, however many retries", () => {
    expect(backoffDelay(4, settings, () => 0.999999)).toBe(999);
    expect(backoffDelay(60, settings, () => 0.999999)).toBe(999);
    expect(backoffDelay(2000, settings, () => 0.999999)).toBe(999);
  });
  it("spreads waits over the whole range with Math.random", () => {
    const waits = Array.from({ length: 500 }, () => backoffDelay(3, settings));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...waits)).toBeLessThan(800);
    expect(new Set(waits).size).toBeGreaterThan(100);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it("reads seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
  });
  it("reads every HTTP-date form, relative to now", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wednesday, 01-Jan-25 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Wed Jan  1 00:00:09 2025", now)).toBe(9000);
    expect(parseRetryAfter(new Date(now + 60_000).toUTCString(), now)).toBe(60_000);
  });
  it("reads a date in the past as no wait", () => {
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now)).toBe(0);
  });
  it("ignores absent and unreadable values (which V8's Date.parse would accept)", () => {
    for (const garbage of [
      null,
      undefined,
      "",
      "soon",
      "-5",
      "foo 2",
      "1 2",
      "Mon 1",
      "1e3",
      "0x10",
      "Infinity",
      "3 seconds",
      "2025-01-01",
    ]) {
      expect(parseRetryAfter(garbage, now), String(garbage)).toBeUndefined();
    }
  });
});

describe("settings", () => {
  it("per call wins over per client, field by field, whichever spelling each uses", () => {
    const resolved = resolveSettings(
      { maxRetries: 5, timeoutMs: 100, retry: { initialDelayMs: 7 } },
      { retry: { maxRetries: 0 }, timeoutMs: undefined },
    );
    expect(resolved.retry.maxRetries).toBe(0);
    expect(resolved.retry.initialDelayMs).toBe(7);
    expect(resolved.timeoutMs).toBe(100);
    expect(resolveSettings({ retry: { maxRetries: 1 } }, { maxRetries: 4 }).retry.maxRetries).toBe(4);
    // Within one layer the shorthand wins; an undefined value hides nothing.
    expect(resolveSettings({ maxRetries: 3, retry: { maxRetries: 1, maxDelayMs: undefined } }).retry).toEqual({
      ...DEFAULT_RETRY,
      maxRetries: 3,
    });
    expect(resolveSettings({}, {}).retry).toEqual(DEFAULT_RETRY);
    expect(resolveSettings({}).timeoutMs).toBe(60_000);
    const headers = resolveSettings(
      { headers: { "X-A": "client", "X-B": "b" } },
      { headers: { "x-a": "call" } },
    ).headers;
    expect(headers).toEqual({ "x-a": "call", "x-b": "b" });
  });
});

describe("retries", () => {
  it("retries 408, 429, 500, 502, 503 and 504, then succeeds", async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      const { wire, get } = scriptedCall([json(status, {}), json(status, {}), json(200, { id: "1" })]);
      const result = await get();
      expect(result.data).toEqual({ id: "1" });
      expect(result.attempts).toBe(3);
      expect(wire.requests).toHaveLength(3);
    }
  });

  it("does not retry other statuses", async () => {
    for (const status of [400, 401, 403, 404, 409, 422, 501]) {
      const { wire, get } = scriptedCall([json(status, {})]);
      const error = (await caught(get())) as SpecforgeError;
      expect(error.status).toBe(status);
      expect(error.attempts).toBe(1);
      expect(wire.requests).toHaveLength(1);
    }
  });

  it("gives up after maxRetries (default 2) with the last error", async () => {
    const { wire, get } = scriptedCall([json(503, {}), json(503, {}), json(503, {}), json(503, {})]);
    const error = await caught(get());
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).attempts).toBe(3);
    expect(wire.requests).toHaveLength(3);
  });

  it("honours per-client and per-call maxRetries", async () => {
    const a = scriptedCall(Array(10).fill(json(500, {})), { maxRetries: 4 });
    expect(((await caught(a.get())) as SpecforgeError).attempts).toBe(5);
    const b = scriptedCall(Array(10).fill(json(500, {})), { maxRetries: 4 });
    expect(((await caught(b.get({ retry: { maxRetries: 0 } }))) as SpecforgeError).attempts).toBe(1);
  });

  it("retries network errors (reset, refused, DNS, hang-up) as NetworkError", async () => {
    for (const code of ["ECONNRESET", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_SOCKET"]) {
      const ok = scriptedCall([networkError(code), json(200, {})]);
      expect((await ok.get()).attempts).toBe(2);
      const bad = scriptedCall([networkError(code), networkError(code), networkError(code)]);
      const error = (await caught(bad.get())) as NetworkError;
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.kind).toBe("network");
      expect(error.status).toBeUndefined();
      expect(error.attempts).toBe(3);
      expect(error.message).toContain(code);
    }
  });

  it("does not retry POST unless the caller opts in, and re-sends the body intact", async () => {
    const once = scripted([json(503, {}), json(201, { id: "n" })]);
    const caller = createCaller({ baseUrl: "http://api.test", fetch: once.fetch, ...FAST });
    const body = { name: "ünïcode ✓", nested: { list: [1, 2, 3] } };
    const error = (await caught(caller.call("create_thing", POST, { body }))) as SpecforgeError;
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(1);
    expect(once.requests).toHaveLength(1);

    const optIn = scripted([json(503, {}), networkError("ECONNRESET"), json(201, { id: "n" })]);
    const inv2 = createCaller({ baseUrl: "http://api.test", fetch: optIn.fetch, ...FAST });
    const result = await inv2.call("create_thing", POST, { body }, { retryNonIdempotent: true });
    expect(result.data).toEqual({ id: "n" });
    expect(optIn.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));
    expect(
      optIn.requests.every((r) => r.method === "POST" && r.headers.get("content-type") === "application/json"),
    ).toBe(true);
  });

  it("does not retry a non-idempotent call on network errors either", async () => {
    const wire = scripted([networkError("ECONNRESET"), json(201, {})]);
    const caller = createCaller({ baseUrl: "http://api.test", fetch: wire.fetch, ...FAST });
    expect(await caught(caller.call("create_thing", POST, { body: {} }))).toBeInstanceOf(NetworkError);
    expect(wire.requests).toHaveLength(1);
  });

  it("waits per Retry-After (seconds and HTTP date)", async () => {
    const { wire, get } = scriptedCall([json(429, {}, { "retry-after": "0.15" }), json(200, {})]);
    await get();
    // The gap holds the whole wait (it starts after the first request was recorded); a timer may fire 1 ms early.
    const gap = wire.requests[1]!.at - wire.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(149);
    expect(gap).toBeLessThan(3000);

    // An HTTP date has whole seconds: the retry comes no earlier than the date, wherever in its second "now" was.
    let retryAt = 0;
    let secondAt = 0;
    const date = scriptedCall([
      () => {
        retryAt = Math.ceil((Date.now() + 200) / 1000) * 1000;
        return json(503, {}, { "retry-after": new Date(retryAt).toUTCString() });
      },
      () => {
        secondAt = Date.now();
        return json(200, {});
      },
    ]);
    await date.get();
    expect(secondAt).toBeGreaterThanOrEqual(retryAt - 1);
    expect(secondAt).toBeLessThan(retryAt + 2000);
  });

  it("does not wait a Retry-After beyond maxRetryAfterMs: the error is raised at once", async () => {
    const { wire, get } = scriptedCall([json(429, { message: "slow down" }, { "retry-after": "120" }), json(200, {})], {
      retry: { maxRetryAfterMs: 10_000 },
    });
    const started = performance.now();
    const error = (await caught(get())) as RateLimitError;
    expect(performance.now() - started).toBeLessThan(5000); // neither the 120 s asked nor the 10 s cap
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.attempts).toBe(1);
    expect(wire.requests).toHaveLength(1);
  });

  it("uses backoff when Retry-After is garbage", async () => {
    const events: AttemptEvent[] = [];
    const { get } = scriptedCall([json(503, {}, { "retry-after": "soon" }), json(200, {})], {
      onAttempt: (e) => events.push(e),
    });
    await get();
    expect(events[0]!.retryInMs).toBeTypeOf("number"); // the backoff's, not "soon" read as something else
    expect(events[0]!.retryInMs).toBeLessThan(2);
  });
});

describe("timeouts and deadline", () => {
  it("times out each attempt and retries, then raises TimeoutError without status", async () => {
    const { wire, get } = scriptedCall([hang, hang, hang], { timeoutMs: 50 });
    const started = performance.now();
    const error = (await caught(get())) as TimeoutError;
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(3);
    expect(wire.requests).toHaveLength(3);
    expect(took).toBeGreaterThanOrEqual(149); // three whole attempts of 50 ms (a timer may fire 1 ms early)
    expect(took).toBeLessThan(3000);
  });

  it("applies a per-call timeout over the client's", async () => {
    const { get } = scriptedCall([hang, json(200, { ok: 1 })], { timeoutMs: 60_000 });
    const result = await get({ timeoutMs: 30 });
    expect(result.attempts).toBe(2);
  });

  it("times out a body that stalls after the headers", async () => {
    const stall = () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"partial":')) }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    const { wire, get } = scriptedCall([stall, stall], { timeoutMs: 50, maxRetries: 1 });
    const error = (await caught(get())) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(2);
    expect(wire.requests).toHaveLength(2);
  });

  it("stops at the overall deadline, across attempts and waits", async () => {
    const { wire, get } = scriptedCall([hang, hang, hang, hang], { timeoutMs: 5000, maxRetries: 10, deadlineMs: 120 });
    const started = performance.now();
    const error = (await caught(get())) as TimeoutError;
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain("deadline");
    expect(took).toBeGreaterThanOrEqual(119); // the clock started before the call, so before the deadline's
    expect(took).toBeLessThan(3000); // not the attempt's 5 s timeout
    expect(wire.requests.length).toBe(1);
  });

  it("does not start a wait that would end past the deadline", async () => {
    const { wire, get } = scriptedCall([json(503, {}, { "retry-after": "30" }), json(200, {})], { deadlineMs: 10_000 });
    const started = performance.now();
    const error = (await caught(get())) as ServerError;
    expect(performance.now() - started).toBeLessThan(5000); // not the 10 s deadline: the 30 s wait never starts
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(1);
    expect(wire.requests).toHaveLength(1);
  });

  it("raises TimeoutError at once for a deadline already spent", async () => {
    const { wire, get } = scriptedCall([json(200, {})]);
    const error = (await caught(get({ deadlineMs: 0 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(0);
    expect(wire.requests).toHaveLength(0);
  });
});

describe("the caller's AbortSignal", () => {
  it("rejects promptly with the signal's reason during a backoff wait", async () => {
    const { wire, get } = scriptedCall([json(503, {}, { "retry-after": "30" }), json(200, {})]);
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 50);
    const error = await caught(get({ signal: controller.signal }));
    expect(error).toBe(reason);
    expect(performance.now() - started).toBeLessThan(5000); // not the 30 s Retry-After
    expect(wire.requests).toHaveLength(1);
  });

  it("rejects promptly during an attempt, with the default AbortError reason", async () => {
    const { get } = scriptedCall([hang]);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 30);
    const error = (await caught(get({ signal: controller.signal }))) as DOMException;
    expect(error.name).toBe("AbortError");
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(performance.now() - started).toBeLessThan(5000); // the attempt hangs forever otherwise
  });

  it("rejects at once when already aborted, without a request", async () => {
    const { wire, get } = scriptedCall([json(200, {})]);
    const reason = new Error("before");
    const error = await caught(get({ signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(wire.requests).toHaveLength(0);
  });

  it("rejects promptly while credentials are still being fetched", async () => {
    const wire = scripted([json(200, {})]);
    const caller = createCaller({
      baseUrl: "http://api.test",
      fetch: wire.fetch,
      auth: { headers: () => new Promise<Record<string, string>>(() => undefined) },
    });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("stop")), 30);
    const error = (await caught(
      caller.call("get_thing", GET, { path: { id: "1" } }, { signal: controller.signal }),
    )) as Error;
    expect(error.message).toBe("stop");
    expect(performance.now() - started).toBeLessThan(5000); // the credentials never come otherwise
    expect(wire.requests).toHaveLength(0);
  });
});

describe("onAttempt", () => {
  it("reports every attempt with operation, attempt, status, duration and the wait", async () => {
    const events: AttemptEvent[] = [];
    const { get } = scriptedCall([json(503, {}), networkError("ECONNRESET"), json(200, {})], {
      onAttempt: (e) => events.push(e),
    });
    await get();
    expect(events).toHaveLength(3);
    expect(events.map((e) => [e.operation, e.attempt, e.method, e.status, e.error])).toEqual([
      ["get_thing", 1, "GET", 503, "server"],
      ["get_thing", 2, "GET", undefined, "network"],
      ["get_thing", 3, "GET", 200, undefined],
    ]);
    for (const e of events) expect(e.durationMs).toEqual(expect.any(Number));
    expect(events[0]!.retryInMs).toBeTypeOf("number");
    expect(events[2]!.retryInMs).toBeUndefined();
  });

  it("is off by default, and a hook that throws does not change the call", async () => {
    const { get } = scriptedCall([json(503, {}), json(200, { fine: true })], {
      onAttempt: () => {
        throw new Error("broken logger");
      },
    });
    expect((await get()).data).toEqual({ fine: true });
  });
});

describe("credentials", () => {
  it("refreshes once after a 401 and re-sends, without using a retry", async () => {
    let token = "t1";
    let refreshes = 0;
    const wire = scripted([json(401, {}), json(200, { ok: true })]);
    const caller = createCaller({
      baseUrl: "http://api.test",
      fetch: wire.fetch,
      maxRetries: 0,
      auth: {
        headers: () => ({ authorization: token }),
        refresh: async () => {
          refreshes += 1;
          token = "t2";
        },
      },
    });
    const result = await caller.call("get_thing", GET, { path: { id: "1" } });
    expect(result.attempts).toBe(2);
    expect(refreshes).toBe(1);
    expect(wire.requests.map((r) => r.headers.get("authorization"))).toEqual(["t1", "t2"]);
  });

  it("turns credentials that cannot be set into an AuthenticationError that does not show them", async () => {
    const secret = "bad\nsecret-value";
    const wire = scripted([json(200, {})]);
    const caller = createCaller({
      baseUrl: "http://api.test",
      fetch: wire.fetch,
      secrets: [secret],
      auth: { headers: () => ({ authorization: secret }) },
    });
    const error = (await caught(caller.call("get_thing", GET, { path: { id: "1" } }))) as SpecforgeError;
    expect(error.kind).toBe("authentication");
    expect(error.attempts).toBe(1);
    expect(error.message).not.toContain(secret);
    expect(wire.requests).toHaveLength(0);
  });

  it("an RPC action's params cannot replace the action the caller named", async () => {
    const wire = scripted([json(200, {})]);
    const core = createCore({ baseUrl: "http://api.test", fetch: wire.fetch });
    const rpcOp = {
      name: "get_tenant",
      method: "POST",
      path: "/rpc",
      idempotent: true,
      secured: false,
      rpc: { field: "action" },
    };
    await send(core, rpcOp, { subdomain: "x", action: "delete_member" });
    expect(JSON.parse(wire.requests[0]!.body)).toEqual({ action: "get_tenant", subdomain: "x" });
  });
});
