// Webhook delivery in-process (no Prism): a made-up API's rules in the derived shape, a real
// local receiver, and callbacks that fail. The full flow against a real mock is in the client
// packages' tests.
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookDelivery, deliverable, fill } from "../src/state/webhooks.mjs";
import { Store } from "../src/state/store.mjs";
import { startWebhookReceiver, type WebhookReceiver } from "../src/testing/index.mjs";

const rules = {
  subscribe: {
    method: "POST",
    path: "/hooks",
    callback: "url",
    topic: "topic",
    expires: "ttl",
    expiresDefault: 60,
    account: "sub.owner",
  },
  confirm: { method: "GET", path: "/hooks/{owner}" },
  refresh: { method: "PATCH", path: "/hooks/{owner}" },
  unsubscribe: { method: "DELETE", path: "/hooks/{owner}" },
  token: { query: "t", path: { owner: "{account}" }, parts: ["{nonce}", "{account}", "{id}"], separator: "|" },
  confirmation: {
    webhook: "hello",
    send: "POST",
    message: { kind: "hello", link: "x" },
    set: { link: "{confirmUrl}" },
  },
  notify: [
    {
      webhook: "changed",
      send: "POST",
      resource: "/things/{thing}/parts",
      kind: "created",
      message: { kind: "changed", sig: "example-only" },
      omit: ["sig"],
      set: { thing: "{path.thing}", bye: "{unsubscribeUrl}", renew: "{refreshUrl}" },
      topics: "tags.*",
      event: { "{key}": { to: "{value.value}" } },
    },
    {
      webhook: "changed",
      send: "POST",
      resource: "/things/{thing}/parts",
      kind: "updated",
      message: { kind: "updated" },
      set: {},
      topics: "tags.*",
      event: { from: "{previous.value}", to: "{value.value}" },
    },
  ],
};

const resources = { "/things/{thing}/parts": { parentParams: ["thing"] } };
const newDelivery = (options: object = {}) => {
  const store = new Store({
    seed: [
      { resource: "/things/{thing}/parts", parentKeys: ["t0"], key: "seeded", value: { value: 0, tags: ["blue"] } },
    ],
  });
  return { store, delivery: createWebhookDelivery(rules, { log: () => {}, store, resources, ...options }) };
};
const put = (store: any, key: string, value: unknown, tags: string[], thing = "t1") =>
  store.put("/things/{thing}/parts", [thing], key, { value, tags });

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function subscribed(delivery: any, receiver: WebhookReceiver, topic: string, ttl?: number) {
  delivery.afterSuccess({
    method: "POST",
    pathname: "/hooks",
    body: { url: receiver.url, topic, ...(ttl ? { ttl } : {}) },
    answer: { sub: { owner: "acc-1" } },
    base: "http://mock.test",
  });
  return (await receiver.nextNotification()) as { kind: string; link: string };
}

function tokenRequest(delivery: any, method: string, url: string, body?: unknown) {
  const u = new URL(url);
  const token = delivery.beforeForward({ method, pathname: u.pathname, searchParams: u.searchParams });
  if (token && !token.notFound)
    delivery.afterSuccess({ method, pathname: u.pathname, body, base: "http://mock.test", token });
  return token;
}

describe("webhook delivery", () => {
  it("confirms, notifies the confirmed subscription of matching changes only, and stops after unsubscribe", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const { store, delivery } = newDelivery();
    const hello = await subscribed(delivery, receiver, "blue");
    expect(hello.kind).toBe("hello");
    const confirmUrl = new URL(hello.link);
    expect(confirmUrl.origin + confirmUrl.pathname).toBe("http://mock.test/hooks/acc-1");
    // The token: base64 of the parts, the account where the rule puts it.
    expect(atob(confirmUrl.searchParams.get("t")!).split("|")[1]).toBe("acc-1");

    // Not confirmed yet: nothing for "a". The first message after the confirmation is "c"'s (below), not
    // "a"'s, which if sent at all was sent before: an order, not a quiet window a busy machine stretches.
    put(store, "a", 1, ["blue"]);

    expect(tokenRequest(delivery, "GET", hello.link)).toMatchObject({ role: "confirm" });
    put(store, "b", 2, ["red"]); // another topic: not sent
    put(store, "c", 1, ["blue"]);
    const message = await receiver.nextNotification();
    expect(message).toEqual({
      kind: "changed",
      thing: "t1",
      bye: expect.stringContaining("http://mock.test/hooks/acc-1?t="),
      renew: expect.stringContaining("http://mock.test/hooks/acc-1?t="),
      event: { c: { to: 1 } },
    });

    // An update says what the value was: from the last change, or from the seed.
    put(store, "c", 5, ["blue"]);
    expect(await receiver.nextNotification()).toEqual({ kind: "updated", event: { from: 1, to: 5 } });
    put(store, "seeded", 7, ["blue"], "t0");
    expect(await receiver.nextNotification()).toEqual({ kind: "updated", event: { from: 0, to: 7 } });

    expect(tokenRequest(delivery, "DELETE", message.bye)).toMatchObject({ role: "unsubscribe" });
    put(store, "d", 1, ["blue"]);
    // Nothing more: the next message the receiver gets is a new subscription's hello.
    expect((await subscribed(delivery, receiver, "blue")).kind).toBe("hello");
    expect(tokenRequest(delivery, "GET", hello.link)).toEqual({ notFound: "the subscription has ended" });
  });

  it("answers not found to a token it never issued, but only when stateful (a stateless mock answers examples)", () => {
    const { delivery } = newDelivery();
    const forged = `http://mock.test/hooks/acc-1?t=${btoa("x|acc-1|y")}`;
    expect(tokenRequest(delivery, "GET", forged)).toEqual({ notFound: "no subscription has this t" });
    const stateless = createWebhookDelivery(rules, { log: () => {} });
    expect(tokenRequest(stateless, "GET", forged)).toBeUndefined();
  });

  it("leaves a literal path alone that a token operation's template would also match", () => {
    const { delivery } = newDelivery();
    const u = new URL("http://mock.test/hooks/access");
    expect(
      delivery.beforeForward({
        method: "GET",
        pathname: u.pathname,
        template: "/hooks/access",
        searchParams: u.searchParams,
      }),
    ).toBeUndefined();
  });

  it("sends nothing after expiry (logged) and refreshes extend it", async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const lines: string[] = [];
    const { store, delivery } = newDelivery({ log: (l: string) => lines.push(l) });
    const hello = await subscribed(delivery, receiver, "blue", 1);
    tokenRequest(delivery, "GET", hello.link);
    await new Promise((r) => setTimeout(r, 1100));
    put(store, "a", 1, ["blue"]);
    // Nothing for it: the next message the receiver gets is the next subscription's hello (below).
    expect(lines.join("\n")).toMatch(/the subscription to blue has expired/);
    expect(tokenRequest(delivery, "GET", hello.link)).toEqual({ notFound: "the subscription has expired" });

    // A refresh before expiry extends the subscription by its new lifetime.
    const again = await subscribed(delivery, receiver, "green", 1);
    expect(again.kind).toBe("hello");
    tokenRequest(delivery, "GET", again.link);
    put(store, "g", 1, ["green"]);
    const { renew } = await receiver.nextNotification();
    expect(tokenRequest(delivery, "PATCH", renew, { ttl: 60 })).toMatchObject({ role: "refresh" });
    await new Promise((r) => setTimeout(r, 1100));
    put(store, "g2", 2, ["green"]);
    expect(await receiver.nextNotification()).toMatchObject({ event: { g2: { to: 2 } } });
  });

  it("logs an unreachable or refusing callback and never throws", async () => {
    const lines: string[] = [];
    const failing = async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    };
    const delivery = createWebhookDelivery(rules, { log: (l: string) => lines.push(l), fetch: failing });
    expect(() =>
      delivery.afterSuccess({
        method: "POST",
        pathname: "/hooks",
        body: { url: "http://127.0.0.1:1/x", topic: "blue" },
        answer: {},
        base: "http://m",
      }),
    ).not.toThrow();
    await delivery.settled();
    expect(lines).toEqual([
      expect.stringMatching(
        /^mock webhooks: the confirmation of blue to http:\/\/127\.0\.0\.1:1\/x failed: fetch failed \(ECONNREFUSED\)$/,
      ),
    ]);

    const refusing = await startWebhookReceiver({ status: 500 });
    receivers.push(refusing);
    const logged: string[] = [];
    const d2 = createWebhookDelivery(rules, { log: (l: string) => logged.push(l) });
    d2.afterSuccess({
      method: "POST",
      pathname: "/hooks",
      body: { url: refusing.url, topic: "blue" },
      answer: {},
      base: "http://m",
    });
    await refusing.nextMessage();
    await d2.settled();
    expect(logged).toEqual([expect.stringMatching(/answered 500$/)]);
  });
});

describe("fill", () => {
  it("keeps a whole placeholder's value as it is, interpolates the rest, and drops what has no value", () => {
    expect(fill({ a: "{n}", b: "id-{n}", "{k}": { c: "{missing}" }, d: null }, { n: 3, k: "key" })).toEqual({
      a: 3,
      b: "id-3",
      key: {},
      d: null,
    });
    expect(fill("{item.value}", { item: { value: [1] } })).toEqual([1]);
  });
});

describe("where the mock delivers", () => {
  it("to this machine only, unless the user allows other hosts (a spec's example callback is a real host)", () => {
    for (const url of ["http://127.0.0.1:9/hook", "http://localhost:9/h", "http://[::1]:9/h", "http://127.4.5.6/h"])
      expect(deliverable(url), url).toBe(true);
    for (const url of ["https://hooks.example.com/trustedtwin", "http://10.0.0.1/h", "http://app:3000/h", "not a url"])
      expect(deliverable(url), url).toBe(false);
    expect(deliverable("http://app:3000/h", ["app"])).toBe(true);
    expect(deliverable("https://hooks.example.com/x", ["*"])).toBe(true);
  });
});
