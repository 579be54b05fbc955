/**
 * Fault injection through every provider's client: a real HTTP server on 127.0.0.1 answers each
 * request from a script (429 with Retry-After, each 5xx, resets, hangs, malformed JSON, HTML
 * pages, wrong content types), and each case checks the attempts (at the server and on the
 * error), the waits taken, and the error raised.
 */
import {
  AuthenticationError,
  InvalidResponseError,
  kindForStatus,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SpecforgeError,
  TimeoutError,
  ValidationError,
} from "@specforge/runtime";
import { describe, expect, it } from "vitest";
import {
  gap,
  hang,
  html,
  httpDate,
  json,
  malformedJson,
  reset,
  resetMidBody,
  respond,
  tooManyRequests,
  type Step,
} from "./fault-server.js";
import { setup, apiEvents, expectTyped } from "./fault-setup.js";
import { DRIVEN, failure, GENERIC, PROVIDERS, timed } from "./providers.js";

it("every provider of the registry has a fault driver (its own or the generic one), and every driver is a provider's", () => {
  expect(PROVIDERS.length).toBeGreaterThan(0);
  expect(
    PROVIDERS.filter((name) => !DRIVEN.includes(name) && GENERIC.get(name) instanceof Error).map(
      (name) => `${name}: ${(GENERIC.get(name) as Error).message}`,
    ),
    "providers neither a driver in providers.ts nor the generic driver can drive",
  ).toEqual([]);
  expect(
    DRIVEN.filter((name) => !PROVIDERS.includes(name)),
    "drivers of no registered provider",
  ).toEqual([]);
});

for (const name of PROVIDERS) {
  // Timing-sensitive groups run one test at a time: concurrent timers on a busy machine skew the waits.
  describe(`${name}: retries`, () => {
    it("429 with Retry-After in seconds: waits that long, then succeeds", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(tooManyRequests("0.2"));
      const { value, ms } = await timed(() => client.read());
      expect(value).toBeTypeOf("object");
      expect(server.requests).toHaveLength(2);
      // The gap holds the whole wait (it starts before the 429 is answered); a timer may fire 1 ms early.
      expect(gap(server.requests[0]!, server.requests[1]!)).toBeGreaterThanOrEqual(199);
      expect(ms).toBeGreaterThanOrEqual(199);
      expect(ms).toBeLessThan(3000);
      expect(apiEvents(client).map((e) => [e.attempt, e.status, e.error, e.retryInMs])).toEqual([
        [1, 429, "rate_limited", 200],
        [2, 200, undefined, undefined],
      ]);
    });

    it("429 with Retry-After as an HTTP date: waits until then, then succeeds", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      let expectedWait = 0;
      let retryAt = 0;
      let secondAt = 0;
      server.script(
        (req, res) => {
          const date = httpDate(100);
          retryAt = date.at;
          expectedWait = date.at - Date.now();
          tooManyRequests(date.header)(req, res);
        },
        (req, res) => {
          secondAt = Date.now();
          client.ok(req, res);
        },
      );
      await client.read();
      expect(server.requests).toHaveLength(2);
      expect(expectedWait).toBeGreaterThan(100);
      // The retry comes no earlier than the date (the wall clock's whole milliseconds: 1 ms of rounding)...
      expect(secondAt).toBeGreaterThanOrEqual(retryAt - 1);
      expect(secondAt).toBeLessThan(retryAt + 2000);
      // ...and the wait the client reported is the time left until then when it read the answer.
      const retryIn = apiEvents(client)[0]!.retryInMs!;
      expect(retryIn).toBeGreaterThan(0);
      expect(retryIn).toBeLessThanOrEqual(expectedWait);
    });

    it("429 every time: RateLimitError after 3 attempts, with retryAfterMs", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(tooManyRequests("0.01"), tooManyRequests("0.01"), tooManyRequests("0.05", { message: "quota" }));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(RateLimitError);
      expect([e.kind, e.status, e.attempts, e.retryAfterMs]).toEqual(["rate_limited", 429, 3, 50]);
      expect(server.requests).toHaveLength(3);
      expect(gap(server.requests[0]!, server.requests[1]!)).toBeGreaterThanOrEqual(9);
    });

    it("a Retry-After beyond the cap (seconds or date) is not waited: the error is raised at once", async (ctx) => {
      const { server, client } = await setup(ctx, name, { retry: { maxRetryAfterMs: 5000 } });
      server.script(tooManyRequests("3600"));
      const first = await failure(() => client.read());
      expect(first.ms).toBeLessThan(2500); // not the hour the server asked for
      expect(first.error).toBeInstanceOf(RateLimitError);
      expect((first.error as RateLimitError).attempts).toBe(1);
      expect((first.error as RateLimitError).retryAfterMs).toBe(3_600_000);

      server.script(tooManyRequests(httpDate(3_600_000).header));
      const second = await failure(() => client.read());
      expect(second.ms).toBeLessThan(2500);
      expect((second.error as RateLimitError).attempts).toBe(1);
      expect((second.error as RateLimitError).retryAfterMs).toBeGreaterThan(3_590_000);
      expect(server.requests).toHaveLength(2);
    });

    for (const status of [408, 500, 502, 503, 504]) {
      it(`${status} then 200: retried with a jittered backoff, then succeeds`, async (ctx) => {
        const { server, client } = await setup(ctx, name, { retry: { initialDelayMs: 30, maxDelayMs: 60 } });
        server.script(json(status, { message: "try again" }), json(status, { message: "try again" }));
        await client.read();
        expect(server.requests).toHaveLength(3);
        const events = apiEvents(client);
        expect(events.map((e) => e.status)).toEqual([status, status, 200]);
        // Full jitter: the first wait is in [0, 30), the second in [0, 60); the server saw at least that
        // (each gap holds the whole wait, which starts after the request arrived; a timer may fire 1 ms early).
        expect(events[0]!.retryInMs).toBeTypeOf("number");
        expect(events[0]!.retryInMs).toBeLessThan(30);
        expect(events[1]!.retryInMs).toBeLessThan(60);
        expect(gap(server.requests[0]!, server.requests[1]!)).toBeGreaterThanOrEqual(events[0]!.retryInMs! - 1);
        expect(gap(server.requests[1]!, server.requests[2]!)).toBeGreaterThanOrEqual(events[1]!.retryInMs! - 1);
      });

      it(`${status} every time: the typed error after 3 attempts`, async (ctx) => {
        const { server, client } = await setup(ctx, name);
        server.script(...Array<Step>(3).fill(json(status, { message: "down" }, { "x-request-id": `req-${status}` })));
        const { error } = await failure(() => client.read());
        const e = expectTyped(error, client);
        expect([e.kind, e.status, e.attempts, e.requestId]).toEqual([
          kindForStatus(status),
          status,
          3,
          `req-${status}`,
        ]);
        if (status >= 500) expect(e).toBeInstanceOf(ServerError);
        expect(server.requests).toHaveLength(3);
      });
    }

    it("connection reset (socket destroyed) then 200: retried, then succeeds", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(reset());
      await client.read();
      expect(server.requests).toHaveLength(2);
      expect(apiEvents(client).map((e) => [e.status, e.error])).toEqual([
        [undefined, "network"],
        [200, undefined],
      ]);
    });

    it("connection reset every time: NetworkError without status after 3 attempts", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(reset(), reset(), reset());
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(NetworkError);
      expect(e.kind).toBe("network");
      expect(e.status).toBeUndefined();
      expect(e.attempts).toBe(3);
      expect(e.message).toMatch(/network error/);
      expect(server.requests).toHaveLength(3);
    });

    it("a reset in the middle of the body is a network failure, retried", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(resetMidBody());
      await client.read();
      expect(server.requests).toHaveLength(2);
      expect(apiEvents(client)[0]!.error).toBe("network");
    });

    it("connection refused: NetworkError after 3 attempts", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      await client.read(); // Midaxo: get a token while the server is up
      await server.close();
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(NetworkError);
      expect(e.attempts).toBe(3);
      expect(e.message).toContain("ECONNREFUSED");
    });
  });

  describe(`${name}: timeouts and cancellation`, () => {
    it("a hang past the per-attempt timeout: TimeoutError after each attempt timed out", async (ctx) => {
      const { server, client } = await setup(ctx, name, { timeoutMs: 1000, maxRetries: 1 });
      server.script(hang(), hang());
      const { error, ms } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(TimeoutError);
      expect([e.kind, e.status, e.attempts]).toEqual(["timeout", undefined, 2]);
      expect(server.requests).toHaveLength(2);
      // Two whole attempts of 1 s (a timer may fire 1 ms early): long enough that each request reaches the
      // server before its attempt times out, on a loaded machine.
      expect(ms).toBeGreaterThanOrEqual(1999);
      expect(ms).toBeLessThan(8000);
    });

    it("a hang, then an answer: the per-call timeout applies and the retry succeeds", async (ctx) => {
      const { server, client } = await setup(ctx, name, { timeoutMs: 10_000 });
      server.script(hang());
      const { ms } = await timed(() => client.read({ timeoutMs: 100 }));
      expect(server.requests).toHaveLength(2);
      expect(ms).toBeGreaterThanOrEqual(99);
      expect(ms).toBeLessThan(3000); // not the client's 10 s
    });

    it("the overall deadline bounds all attempts and waits", async (ctx) => {
      const { server, client } = await setup(ctx, name, { timeoutMs: 20_000, deadlineMs: 2000, maxRetries: 5 });
      server.script(json(503, {}), hang(), hang(), hang());
      const { error, ms } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(TimeoutError);
      expect(e.message).toContain("deadline");
      expect(e.attempts).toBe(2);
      expect(server.requests).toHaveLength(2);
      // 2 s: room for Midaxo's token, the 503 and the backoff before it on a loaded machine, so the second
      // attempt is the one the deadline cuts; the clock started before the call, so before the deadline's.
      expect(ms).toBeGreaterThanOrEqual(1999);
      expect(ms).toBeLessThan(10_000); // not the 20 s an attempt may take
    });

    it("the caller's signal aborts a backoff wait at once, with its reason", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      const controller = new AbortController();
      const reason = new Error("the user left");
      // Abort 100 ms after the 503 is answered: the client is then in its 30 s Retry-After wait.
      let answeredAt = 0;
      server.script((req, res) => {
        json(503, {}, { "retry-after": "30" })(req, res);
        answeredAt = performance.now();
        setTimeout(() => controller.abort(reason), 100);
      });
      const started = performance.now();
      const { error } = await failure(() => client.read({ signal: controller.signal }));
      const sinceAnswer = performance.now() - answeredAt;
      expect(error).toBe(reason);
      expect(answeredAt).toBeGreaterThan(started);
      expect(sinceAnswer).toBeGreaterThanOrEqual(99);
      expect(sinceAnswer).toBeLessThan(2000); // not the 30 s the server asked for
      expect(server.requests).toHaveLength(1);
    });

    it("the caller's signal aborts a hanging attempt at once", async (ctx) => {
      const { server, client } = await setup(ctx, name, { timeoutMs: 30_000 });
      server.script(hang());
      const { error, ms } = await failure(() => client.read({ signal: AbortSignal.timeout(300) }));
      expect((error as DOMException).name).toBe("TimeoutError"); // AbortSignal.timeout's own reason
      expect(error).not.toBeInstanceOf(SpecforgeError);
      expect(ms).toBeGreaterThanOrEqual(299);
      expect(ms).toBeLessThan(5000); // not the 30 s timeout
      expect(server.requests).toHaveLength(1);
    });
  });

  describe.concurrent(`${name}: bodies that are not what they claim`, () => {
    it("malformed JSON in a 200: InvalidResponseError, not retried", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(malformedJson(200));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(InvalidResponseError);
      expect([e.kind, e.status, e.attempts]).toEqual(["invalid_response", 200, 1]);
      expect(e.message).toContain("malformed JSON");
      expect(server.requests).toHaveLength(1);
    });

    it("a 200 with the wrong content type: InvalidResponseError naming it", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(respond(200, "<html><title>Portal</title></html>", { "content-type": "text/html" }));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(InvalidResponseError);
      expect(e.message).toContain("text/html");
      expect(e.body).toBe("HTML page: Portal");
      expect(e.attempts).toBe(1);
      expect(server.requests).toHaveLength(1);
    });

    it("an HTML error page from a proxy: retried, then ServerError with the page's title", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(html(502, "502 Bad Gateway"), html(502, "502 Bad Gateway"), html(502, "502 Bad Gateway"));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(ServerError);
      expect([e.status, e.attempts, e.body]).toEqual([502, 3, "HTML page: 502 Bad Gateway"]);
      expect(server.requests).toHaveLength(3);
    });

    it("malformed JSON in an error: the error keeps the text", async (ctx) => {
      const { server, client } = await setup(ctx, name, { maxRetries: 0 });
      server.script(malformedJson(500, '{"description": "boom'));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(ServerError);
      expect(e.body).toBe('{"description": "boom');
    });
  });

  describe.concurrent(`${name}: errors that are not retried`, () => {
    const cases: [number, abstract new (...a: never[]) => SpecforgeError][] = [
      [400, ValidationError],
      [403, PermissionDeniedError],
      [404, NotFoundError],
      [422, ValidationError],
    ];
    for (const [status, Kind] of cases) {
      it(`${status}: ${Kind.name} after one attempt, with body and request id`, async (ctx) => {
        const { server, client } = await setup(ctx, name);
        server.script(
          json(status, { description: "nope", subcode: status * 1000 + 1, trace: "tr-1" }, { "x-request-id": "rid-9" }),
        );
        const { error } = await failure(() => client.read());
        const e = expectTyped(error, client);
        expect(e).toBeInstanceOf(Kind);
        expect([e.status, e.attempts, e.requestId, e.operation]).toEqual([
          status,
          1,
          "rid-9",
          apiEvents(client)[0]!.operation,
        ]);
        expect(e.body).toMatchObject({ description: "nope" });
        expect(e.message).toContain(`HTTP ${status}`);
        expect(server.requests).toHaveLength(1);
      });
    }

    it("401: AuthenticationError (a client with an issued token first fetches a new one and tries once more)", async (ctx) => {
      const { server, client } = await setup(ctx, name);
      server.script(json(401, { message: "bad credentials" }), json(401, { message: "bad credentials" }));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(AuthenticationError);
      expect(e.status).toBe(401);
      if (server.tokenRequests.length) {
        expect(e.attempts).toBe(2);
        expect(server.requests).toHaveLength(2);
        expect(server.tokenRequests).toHaveLength(2);
        expect(server.requests.map((r) => r.headers.authorization)).toEqual(server.tokens);
      } else {
        expect(e.attempts).toBe(1);
        expect(server.requests).toHaveLength(1);
      }
    });
  });
}
