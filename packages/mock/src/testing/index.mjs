// Helpers for contract tests of a client against its mock: record what leaves the client, and
// validate answers against the bundled spec. Knows no provider.
import { HTTP_METHODS, mergedParameters, pointerTo, resolveRef } from "@specforge/model";
import { bundleValidator, specAjv } from "../spec-ajv.mjs";

export { setupMocks, teardownMocks } from "../index.mjs";
export { bundleValidator, specAjv };

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

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export function derefIn(bundle, node) {
  return resolveRef(bundle, node, { strict: true });
}

/**
 * A local server that receives what a mock's webhooks send (listens on 127.0.0.1, a free port).
 * Give `url` as the callback of a subscription, then `await receiver.nextNotification()` for the
 * next message's JSON body (the confirmation comes first), or `await receiver.expectNone(ms)`.
 * @param {{ status?: number }} [options]  what the receiver answers (default 200)
 */
export async function startWebhookReceiver({ status = 200 } = {}) {
  const queue = [];
  const waiting = [];
  const received = [];
  const server = await localServer((hit) => {
    let body;
    try {
      body = JSON.parse(hit.body);
    } catch {
      body = hit.body;
    }
    const message = { method: hit.method, path: `${hit.url.pathname}${hit.url.search}`, headers: hit.headers, body };
    received.push(message);
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else queue.push(message);
    return { status: receiver.status };
  });
  const next = (timeoutMs = 5000) => {
    if (queue.length) return Promise.resolve(queue.shift());
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`no webhook message arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(waiter);
    });
  };
  const receiver = {
    url: `${server.url}/webhook`,
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
    close: server.close,
  };
  return receiver;
}

/**
 * Every operation of a bundled spec, in document order (tests list operations from the spec,
 * never by hand): method (upper case), path, the operation's JSON pointer, the operation, and its
 * path- and operation-level parameters with `$ref`s resolved (operation-level wins).
 */
export function specOperations(bundle) {
  const out = [];
  for (const [path, rawItem] of Object.entries(bundle.paths ?? {})) {
    const item = derefIn(bundle, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      out.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        pointer: pointerTo("paths", path, method),
        operation,
        parameters: mergedParameters(bundle, item, operation),
      });
    }
  }
  return out;
}

/** A client package's operation functions as the runtime sees them: operationId -> OperationSpec. */
export function operationTable(functions) {
  return Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.operation]));
}

/**
 * A local HTTP server on 127.0.0.1 (a free port) that answers every request with `handler(hit, n)`
 * (`{ status, body?, headers?, delayMs? }`, the body sent as JSON) and records every request.
 */
export async function localServer(handler) {
  const { default: http } = await import("node:http");
  const hits = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const hit = {
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://local"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      hits.push(hit);
      const answer = await handler(hit, hits.length);
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
