/**
 * The generic fault driver (generic-driver.ts: a client driven from what its package ships) on every
 * provider of the registry, the three with hand-written drivers included, so the path a provider added
 * with `npm run add-provider` takes is tested here. A few fast cases each: a retried 503, a Retry-After
 * honoured, a timeout, a typed error without the credentials in it, a create sent once. A provider the
 * generic driver cannot drive fails here, saying why.
 */
import { NotFoundError, RateLimitError, ServerError, TimeoutError } from "@specforge/runtime";
import { describe, expect, it } from "vitest";
import { gap, hang, json, tooManyRequests } from "./fault-server.js";
import { apiEvents, expectTyped, setup } from "./fault-setup.js";
import { GENERIC_PLANS } from "./generic-driver.js";
import { DRIVEN, failure, GENERIC, PROVIDERS, timed } from "./providers.js";

const generic = { generic: true };

/** Every form a credential could travel in: header values, the URL, the body (a token request's form). */
const wire = (r: { path: string; headers: Record<string, unknown>; body: string }) =>
  `${decodeURIComponent(r.path)} ${JSON.stringify(r.headers)} ${decodeURIComponent(r.body.replace(/\+/g, " "))}`;

for (const name of PROVIDERS) {
  const plan = GENERIC_PLANS.get(name);
  const made = GENERIC.get(name);

  if (!plan?.read || !made || made instanceof Error) {
    it(`${name}: the generic driver can drive it`, (ctx) => {
      const why = made instanceof Error ? made.message : (plan?.undrivable ?? "no plan");
      if (DRIVEN.includes(name)) {
        // Its hand-written driver covers the fault suite; the report says the generic one cannot.
        ctx.annotate(`not driven generically: ${why}`, "notice");
        return;
      }
      throw new Error(
        `${name} cannot be driven generically (${why}); add its driver to DRIVERS in packages/e2e/test/providers.ts`,
      );
    });
    continue;
  }

  describe(`${name}, driven generically (${plan.read.operation}${plan.create ? `, ${plan.create.operation}` : ""})`, () => {
    it("a 503 is retried, then the read answers its example", async (ctx) => {
      const { server, client } = await setup(ctx, name, {}, generic);
      server.script(json(503, { message: "busy" }));
      const { value } = await timed(() => client.read());
      expect(value).toBeDefined();
      expect(server.requests).toHaveLength(2);
      expect(apiEvents(client).map((e) => [e.operation, e.status])).toEqual([
        [plan.read!.operation, 503],
        [plan.read!.operation, 200],
      ]);
      // The client sent its credentials (a made-up one per security scheme, or what its token request took).
      const sent = [...server.requests, ...server.tokenRequests].map(wire).join("\n");
      expect(
        client.secrets.some((secret) => sent.includes(secret)),
        `one of ${client.secrets.join(", ")} on the wire`,
      ).toBe(true);
    });

    it("a 429's Retry-After is waited, then the read succeeds", async (ctx) => {
      const { server, client } = await setup(ctx, name, {}, generic);
      server.script(tooManyRequests("0.1"));
      const { ms } = await timed(() => client.read());
      expect(server.requests).toHaveLength(2);
      expect(gap(server.requests[0]!, server.requests[1]!)).toBeGreaterThanOrEqual(99);
      expect(ms).toBeGreaterThanOrEqual(99);
      expect(apiEvents(client)[0]).toMatchObject({ status: 429, error: "rate_limited", retryInMs: 100 });
    });

    it("429 every time: RateLimitError of the package's class", async (ctx) => {
      const { server, client } = await setup(ctx, name, { maxRetries: 1 }, generic);
      server.script(tooManyRequests("0.01"), tooManyRequests("0.01"));
      const { error } = await failure(() => client.read());
      expect(expectTyped(error, client)).toBeInstanceOf(RateLimitError);
      expect(server.requests).toHaveLength(2);
    });

    it("a hang past the call's timeout: TimeoutError of the package's class", async (ctx) => {
      const { server, client } = await setup(ctx, name, { maxRetries: 0 }, generic);
      server.script(hang());
      const { error, ms } = await failure(() => client.read({ timeoutMs: 300 }));
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(TimeoutError);
      expect([e.kind, e.attempts]).toEqual(["timeout", 1]);
      expect(ms).toBeGreaterThanOrEqual(299);
      expect(ms).toBeLessThan(5000);
    });

    it("a 404 is not retried: NotFoundError of the package's class, no credential in it", async (ctx) => {
      const { server, client } = await setup(ctx, name, {}, generic);
      const echoed = client.secrets.join(" ");
      server.script(json(404, { message: `no such thing (you sent ${echoed})` }, { "x-request-id": "gen-404" }));
      const { error } = await failure(() => client.read());
      const e = expectTyped(error, client);
      expect(e).toBeInstanceOf(NotFoundError);
      expect([e.status, e.attempts, e.requestId, e.operation]).toEqual([404, 1, "gen-404", plan.read!.operation]);
      const shown = `${e.message} ${JSON.stringify(e)} ${String(e.stack)}`;
      for (const secret of client.secrets) expect(shown).not.toContain(secret);
      expect(server.requests).toHaveLength(1);
    });

    if (plan.create)
      it("a create (not idempotent) is sent once on a 503", async (ctx) => {
        const { server, client } = await setup(ctx, name, {}, generic);
        server.script(json(503, { message: "busy" }));
        const { error } = await failure(() => client.create!());
        const e = expectTyped(error, client);
        expect(e).toBeInstanceOf(ServerError);
        expect([e.attempts, e.operation]).toEqual([1, plan.create!.operation]);
        expect(server.requests).toHaveLength(1);
      });
  });
}
