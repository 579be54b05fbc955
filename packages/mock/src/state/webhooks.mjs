// Webhook delivery: subscriptions made against the mock get their confirmation message, and
// confirmed, unexpired ones get a notification for each change that publishes to their topic.
// Every rule comes from the mock view's `x-specforge-mock.webhooks` (derived by codegen from the
// spec's `x-mock-webhooks`, docs/spec-conventions.md); nothing here knows a provider.
//
// Two inputs: the router reports each successful exchange (`afterSuccess`), which drives the
// subscriptions (subscribe, confirm, refresh, unsubscribe: operations the store does not model),
// and the stateful mock's store reports each change (`store.onChange`), which drives the
// notifications. A stateless mock has no store, so it sends confirmations but no notifications.

import { getPath, pathMatcher } from "@specforge/model";

/** How long the mock waits for a callback before giving up on one message. */
const DELIVERY_TIMEOUT_MS = 5000;

/** `(pathname) => params | undefined` for a path template. */
function paramsOf(template) {
  const matcher = pathMatcher([template]);
  return (pathname) => matcher.match(pathname)?.params;
}

/** Values at a dot path where `*` stands for every key of a map or item of a list. */
function collect(value, dotted) {
  let at = [value];
  for (const key of String(dotted).split(".")) {
    at = at.flatMap((v) => {
      if (!v || typeof v !== "object") return [];
      return key === "*" ? Object.values(v) : [v[key]];
    });
  }
  return at.flat().filter((v) => v !== undefined && v !== null);
}

/**
 * Fills a template: a string that is one `{name}` becomes that value as it is (dropped when
 * undefined), other strings interpolate; object keys are templates too.
 */
export function fill(template, vars) {
  const lookup = (name) => (name in vars ? vars[name] : getPath(vars, name));
  if (typeof template === "string") {
    const whole = /^\{([\w.]+)\}$/.exec(template);
    if (whole) return lookup(whole[1]);
    return template.replace(/\{([\w.]+)\}/g, (m, name) => {
      const v = lookup(name);
      return v === undefined ? m : String(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => fill(t, vars));
  if (template && typeof template === "object") {
    const out = {};
    for (const [k, v] of Object.entries(template)) {
      const value = fill(v, vars);
      if (value !== undefined) out[fill(k, vars)] = value;
    }
    return out;
  }
  return template;
}

const nowSeconds = () => Math.round(Date.now()) / 1000;

/** Hosts beyond this machine a mock may deliver webhooks to (comma-separated, or `*`). */
export const HOSTS_ENV = "SPECFORGE_MOCK_WEBHOOK_HOSTS";
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Whether a callback may be called: this machine always; another host only when allowed. A mock
 * must not post to the hosts a spec's examples or a test's fixtures name (they are real hosts).
 */
export function deliverable(callback, allowedHosts = []) {
  let host;
  try {
    host = new URL(callback).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOOPBACK.test(host) || allowedHosts.includes("*") || allowedHosts.includes(host);
}

/**
 * The webhook delivery of one mock. `log` receives one line per problem (an unreachable
 * callback, a message for an expired subscription); delivery never throws into the router.
 * @param {object} rules  `x-specforge-mock.webhooks`
 * @param {{ log?: (line: string) => void, fetch?: typeof fetch, store?: import("./store.mjs").Store,
 *   resources?: Record<string, { parentParams: string[] }>, allowedHosts?: string[] }} [options]  the stateful mock's store and
 *   resource model; the hosts beyond this machine it may deliver to (default: ${HOSTS_ENV})
 */
export function createWebhookDelivery(
  rules,
  {
    log = (line) => console.error(line),
    fetch: doFetch = fetch,
    store,
    resources = {},
    allowedHosts = (process.env[HOSTS_ENV] ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  } = {},
) {
  const subscribe = { ...rules.subscribe, params: paramsOf(rules.subscribe.path) };
  const tokenOps = Object.fromEntries(
    ["confirm", "refresh", "unsubscribe"].map((role) => [role, { ...rules[role], params: paramsOf(rules[role].path) }]),
  );
  const notify = rules.notify ?? [];
  const token = rules.token;
  /** token -> subscription; every token of a subscription points at the same object. */
  const byToken = new Map();
  const subscriptions = new Set();
  const pending = new Set();

  const makeToken = (vars) => btoa(token.parts.map((p) => String(fill(p, vars))).join(token.separator ?? "___"));

  // The token operations' path parameters, filled from the subscription (`token.path`).
  function tokenUrl(base, role, sub, value) {
    const params = fill(token.path ?? {}, varsOf(sub));
    const path = rules[role].path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(params[name] ?? "")));
    return `${base}${path}?${encodeURIComponent(token.query)}=${encodeURIComponent(value)}`;
  }

  function deliver(sub, method, message, what) {
    if (!deliverable(sub.callback, allowedHosts)) {
      log(
        `mock webhooks: ${what} to ${sub.callback} not sent: the mock delivers to this machine (localhost, 127.0.0.1, [::1]) only; allow other hosts with ${HOSTS_ENV}=host1,host2 (or *)`,
      );
      return;
    }
    const started = (async () => {
      try {
        const response = await doFetch(sub.callback, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (!response.ok) log(`mock webhooks: ${what} to ${sub.callback} answered ${response.status}`);
      } catch (error) {
        const cause = error?.cause?.code ?? error?.cause?.errors?.[0]?.code ?? error?.cause?.message;
        log(
          `mock webhooks: ${what} to ${sub.callback} failed: ${error?.message ?? error}${cause ? ` (${cause})` : ""}`,
        );
      }
    })();
    pending.add(started);
    started.finally(() => pending.delete(started));
  }

  const varsOf = (sub) => ({
    topic: sub.topic,
    account: sub.account,
    validity: sub.validity,
    confirmUrl: sub.urls.confirm,
    refreshUrl: sub.urls.refresh,
    unsubscribeUrl: sub.urls.unsubscribe,
  });

  const expired = (sub) => sub.validity <= nowSeconds();

  function onSubscribe(exchange) {
    const body = exchange.body ?? {};
    const callback = body[subscribe.callback];
    const topic = body[subscribe.topic];
    if (typeof callback !== "string" || typeof topic !== "string") return;
    const lifetime =
      typeof body[subscribe.expires] === "number" ? body[subscribe.expires] : (subscribe.expiresDefault ?? 0);
    const account = getPath(exchange.answer, subscribe.account);
    const id = crypto.randomUUID();
    const sub = {
      id,
      callback,
      topic,
      account,
      validity: Math.round((nowSeconds() + lifetime) * 1000) / 1000,
      confirmed: false,
      urls: {},
    };
    for (const role of ["confirm", "refresh", "unsubscribe"]) {
      const value = makeToken({ nonce: crypto.randomUUID().slice(0, 8), account, topic, id: `${id}-${role}` });
      byToken.set(value, sub);
      sub.urls[role] = tokenUrl(exchange.base, role, sub, value);
    }
    subscriptions.add(sub);
    const message = { ...rules.confirmation.message, ...fill(rules.confirmation.set, varsOf(sub)) };
    deliver(sub, rules.confirmation.send, message, `the confirmation of ${topic}`);
  }

  /**
   * Before a request reaches Prism. `template` is the path template the router matched (a literal
   * path such as `/hooks/access` wins over `/hooks/{owner}`). A stateful mock answers a token
   * operation whose token is unknown, or whose subscription expired or ended, as the spec answers a
   * missing resource; a stateless one answers every request with the spec's examples, as promised.
   * @returns {{ notFound: string } | { role: string, sub: object } | undefined}
   */
  function beforeForward({ method, pathname, template, searchParams }) {
    for (const [role, op] of Object.entries(tokenOps)) {
      if (op.method !== method || (template ? template !== op.path : !op.params(pathname))) continue;
      const value = searchParams.get(token.query)?.replace(/ /g, "+");
      // A token from the spec's own examples reaches a standing example subscription, one that
      // delivers nothing and no operation ends (so every docs sample works, in any order).
      if (value && !byToken.has(value) && op.exampleTokens?.includes(value))
        return { role, sub: { example: true, validity: Infinity } };
      const sub = value ? byToken.get(value) : undefined;
      const problem = !sub
        ? `no subscription has this ${token.query}`
        : !subscriptions.has(sub)
          ? "the subscription has ended"
          : expired(sub)
            ? "the subscription has expired"
            : undefined;
      if (problem) return store ? { notFound: problem } : undefined;
      return { role, sub };
    }
    return undefined;
  }

  // The last value of each item the store reported, so an update can say what it was before.
  const lastValues = new Map();
  const itemId = (event) => [event.resource, ...event.parentKeys, event.key].join("\u0000");
  const previousOf = (event) => {
    const id = itemId(event);
    if (lastValues.has(id)) return lastValues.get(id);
    const seeded = (store?.seedItems ?? []).find(
      (i) =>
        i.resource === event.resource &&
        String(i.key) === event.key &&
        (i.parentKeys ?? []).join("\u0000") === event.parentKeys.join("\u0000"),
    );
    return seeded?.value;
  };

  function onChange(event) {
    const previous = previousOf(event);
    if (event.kind === "deleted") lastValues.delete(itemId(event));
    else lastValues.set(itemId(event), structuredClone(event.value));
    const rulesHere = notify.filter((r) => r.resource === event.resource && r.kind === event.kind);
    if (rulesHere.length === 0) return;
    const names =
      resources[event.resource]?.parentParams ?? [...event.resource.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const path = Object.fromEntries(names.map((n, i) => [n, event.parentKeys[i]]));
    for (const rule of rulesHere) {
      const topics = collect(event.value, rule.topics);
      for (const sub of subscriptions) {
        if (!sub.confirmed || !topics.includes(sub.topic)) continue;
        if (expired(sub)) {
          log(
            `mock webhooks: not sending ${rule.message.trigger ?? rule.webhook} to ${sub.callback}: the subscription to ${sub.topic} has expired`,
          );
          continue;
        }
        const vars = {
          ...varsOf(sub),
          path,
          now: nowSeconds(),
          uuid: crypto.randomUUID(),
          key: event.key,
          value: event.value,
          previous,
        };
        const message = { ...rule.message, ...fill(rule.set, vars), event: fill(rule.event, vars) };
        for (const key of rule.omit ?? []) delete message[key];
        deliver(sub, rule.send, message, `${rule.webhook} (${message.trigger ?? event.kind})`);
      }
    }
  }
  const stopListening =
    store && notify.length
      ? store.onChange((event) => {
          try {
            onChange(event);
          } catch (error) {
            log(`mock webhooks: ${event.kind} ${event.resource} ${event.key}: ${error?.message ?? error}`);
          }
        })
      : undefined;

  /** After Prism answered a request with a 2xx: the change it made, and what it means for subscriptions. */
  function afterSuccess(exchange) {
    try {
      if (exchange.method === subscribe.method && subscribe.params(exchange.pathname)) return onSubscribe(exchange);
      if (exchange.token) {
        const { role, sub } = exchange.token;
        if (role === "confirm") sub.confirmed = true;
        if (role === "unsubscribe") subscriptions.delete(sub);
        if (role === "refresh") {
          const lifetime =
            typeof exchange.body?.[subscribe.expires] === "number"
              ? exchange.body[subscribe.expires]
              : (subscribe.expiresDefault ?? 0);
          sub.validity = Math.round((nowSeconds() + lifetime) * 1000) / 1000;
        }
        return;
      }
    } catch (error) {
      log(`mock webhooks: ${exchange.method} ${exchange.pathname}: ${error?.message ?? error}`);
    }
  }

  /** Whether the router must read this request's answer (the subscribe operation's, for its account). */
  const wantsAnswer = (method, pathname) => method === subscribe.method && !!subscribe.params(pathname);

  return {
    beforeForward,
    afterSuccess,
    wantsAnswer,
    /** Waits until every message sent so far was delivered or given up on. */
    settled: () => Promise.allSettled([...pending]),
    /** Stops listening to the store. */
    close: () => stopListening?.(),
    /** The subscriptions the mock holds (for tests and debugging). */
    subscriptions: () =>
      [...subscriptions].map(({ id, topic, account, callback, validity, confirmed }) => ({
        id,
        topic,
        account,
        callback,
        validity,
        confirmed,
      })),
  };
}
