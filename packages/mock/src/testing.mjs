// Helpers for contract tests of a client against its mock: record what leaves the client, and
// validate answers against the bundled spec. Knows no provider.
import { specAjv } from "./schemas.mjs";

export { setupMocks, teardownMocks } from "./index.mjs";
export { specAjv };

/** A `fetch` that records every request as it leaves the client (after auth headers are set). */
export function recordingFetch() {
  const requests = [];
  const fetchImpl = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return fetch(request);
  };
  return { requests, fetch: fetchImpl };
}

/**
 * Ajv 2020 over a whole bundled spec, so every `$ref` resolves; returns a (cached) validator per
 * JSON pointer (`#/components/schemas/Twin`). uuid, date and date-time are checked; other formats
 * are accepted as any string.
 */
export function bundleValidator(bundle, id = "bundle.json") {
  const ajv = specAjv();
  ajv.addSchema(bundle, id);
  const cache = new Map();
  return (pointer) => {
    let validate = cache.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${id}${encodeURI(pointer).replace(/#/g, "%23").replace(/^%23/, "#")}` });
      cache.set(pointer, validate);
    }
    return validate;
  };
}

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export function derefIn(bundle, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#/") || seen.has(ref)) throw new Error(`unresolvable $ref ${ref}`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split("/")
      .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => (at === undefined || at === null ? undefined : at[key]), bundle);
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/**
 * A local server that receives what a mock's webhooks send (listens on 127.0.0.1, a free port).
 * Give `url` as the callback of a subscription, then `await receiver.nextNotification()` for the
 * next message's JSON body (the confirmation comes first), or `await receiver.expectNone(ms)`.
 * @param {{ status?: number }} [options]  what the receiver answers (default 200)
 */
export async function startWebhookReceiver({ status = 200 } = {}) {
  const { createServer } = await import("node:http");
  const queue = [];
  const waiting = [];
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const message = { method: req.method, path: req.url, headers: req.headers, body };
      received.push(message);
      res.writeHead(receiver.status, { "content-length": "0" });
      res.end();
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(message);
      else queue.push(message);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const next = (timeoutMs = 5000) => {
    if (queue.length) return Promise.resolve(queue.shift());
    return new Promise((resolve, reject) => {
      const waiter = { resolve: (m) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`no webhook message arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(waiter);
    });
  };
  const receiver = {
    url: `http://127.0.0.1:${server.address().port}/webhook`,
    /** What the receiver answers each message with (change it to test a refusing callback). */
    status,
    /** Every message received so far, in order: `{ method, path, headers, body }`. */
    received,
    /** The next message's full request. */
    nextMessage: next,
    /** The next message's JSON body (any webhook: the confirmation, then notifications). */
    nextNotification: async (timeoutMs) => (await next(timeoutMs)).body,
    /** Resolves when no message arrives within `ms`; rejects naming the one that did. */
    async expectNone(ms = 500) {
      if (queue.length) throw new Error(`a webhook message arrived: ${JSON.stringify(queue[0].body)}`);
      const got = await next(ms).catch(() => undefined);
      if (got) throw new Error(`a webhook message arrived: ${JSON.stringify(got.body)}`);
    },
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
  return receiver;
}
