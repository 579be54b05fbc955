// The request router in front of Prism. Prism validates requests, applies security and answers
// with examples, but cannot choose a response from the request. The mock view's
// `x-specforge-mock` (derived from the spec by codegen) says how: RPC actions are forwarded to
// their own derived route, and `exampleBy` rules pick the named example a request value selects.
import http from "node:http";
import { answerControl, answerFromState, CONTROL_PREFIX } from "../state/http.mjs";
import { createWebhookDelivery } from "../state/webhooks.mjs";
import { compileMockView } from "../view.mjs";
import { rejection, route } from "./route.mjs";

export { BAD_INPUT_CASES, BAD_INPUT_DEFAULTS, compileRules, rejection, route } from "./route.mjs";

/** Statuses Prism answers a request that breaks the spec with (not 401: that keeps the provider's message). */
const VALIDATION_STATUSES = new Set([400, 422]);

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A body larger than this is not even drained: the connection is closed after the answer. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes. Past the limit the rest is drained (so the client,
 * still sending, reads the answer instead of a reset) and `{ tooLarge }` says how much came.
 */
function readLimitedBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > DRAIN_LIMIT) {
        req.pause();
        resolve({ tooLarge: true, size, abandon: true });
      }
    });
    req.on("end", () => resolve(size > limit ? { tooLarge: true, size } : { body: Buffer.concat(chunks) }));
    req.on("error", reject);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
      req.pause();
      resolve({ tooLarge: true, size: declared, abandon: true });
    }
  });
}

function send(res, status, body, headers = {}) {
  if (res.headersSent) return res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Writes Prism's validation findings (the sl-violations header) into the error body's message field. */
async function relayWithViolations(upstreamRes, res, field) {
  const raw = await readBody(upstreamRes);
  let text = raw.toString("utf8");
  try {
    const violations = JSON.parse(upstreamRes.headers["sl-violations"]);
    const body = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) {
      body[field] = `Invalid request: ${violations.map((v) => v.message).join("; ")}`;
      text = JSON.stringify(body);
    }
  } catch {
    // Not JSON: relay as it came.
  }
  const headers = { ...upstreamRes.headers, "content-length": String(Buffer.byteLength(text)) };
  res.writeHead(upstreamRes.statusCode, headers);
  res.end(text);
}

/**
 * How long an idle upstream socket stays in the pool. Prism's Node server closes a kept-alive
 * socket after 5 s idle; a socket reused at that moment dies with "socket hang up" (issue 28).
 * Ours ends first (Node's agent also honours the server's `Keep-Alive: timeout=` hint, minus 1 s).
 */
const UPSTREAM_IDLE_MS = 2000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: UPSTREAM_IDLE_MS });

/** Errors of a socket that closed before its answer's first byte: the upstream has not acted on the request. */
const RESENDABLE = new Set(["ECONNRESET", "EPIPE"]);

/**
 * Sends one request upstream; a request whose socket closed before any byte of the answer came
 * back is sent once more (on another socket), since the upstream never read it.
 */
function forward(options, body, onResponse, onError, attempt = 1) {
  let answered = false;
  const upstreamReq = http.request(options, (upstreamRes) => {
    answered = true;
    onResponse(upstreamRes);
  });
  upstreamReq.on("error", (error) => {
    const closedBeforeAnswer = !answered && (RESENDABLE.has(error.code) || error.message === "socket hang up");
    // Its pool neighbours may have been closed at the same moment: the second try opens its own connection.
    if (closedBeforeAnswer && attempt === 1)
      return forward({ ...options, agent: false }, body, onResponse, onError, attempt + 1);
    onError(error);
  });
  upstreamReq.end(body);
}

/**
 * Starts the router on `port` (0 = any free port) forwarding to Prism at `upstream`, or at the URL
 * `upstreamReady` resolves to (the mock learns Prism's port once Prism listens). Requests that need
 * Prism wait for `upstreamReady` (when given): they are answered once it resolves, or with a 503
 * naming the failure if it rejects.
 * @returns {Promise<{ server: http.Server, port: number }>}
 */
export function startRouter({
  routerSpec,
  view,
  compiled = compileMockView(view ?? { "x-specforge-mock": routerSpec }),
  upstream,
  upstreamReady,
  port,
  host = "127.0.0.1",
  state,
  log,
}) {
  const { rules, contract } = compiled;
  if (upstream === undefined && !upstreamReady)
    throw new TypeError("startRouter: `upstream` (Prism's URL) or an `upstreamReady` resolving to it is required");
  let target = upstream === undefined ? undefined : new URL(upstream);
  // Webhooks the spec's x-mock-webhooks describes (webhooks.mjs): told of each successful exchange
  // (subscriptions) and, through the store, of each change (notifications).
  const webhooks = contract.webhooks
    ? createWebhookDelivery(contract.webhooks, {
        ...(log ? { log } : {}),
        store: state?.store,
        resources: contract.resources,
      })
    : undefined;
  const server = http.createServer(async (req, res) => {
    // A browser page on another origin must be able to read every answer, also the ones the router
    // makes itself (Prism answers preflights and adds these headers to what it answers).
    if (req.headers.origin) {
      res.setHeader("access-control-allow-origin", req.headers.origin);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("access-control-expose-headers", "*");
      res.setHeader("vary", "origin");
    }
    try {
      const read = await readLimitedBody(req, rules.maxBodyBytes);
      if (read.tooLarge) {
        const { reply } = rejection(
          rules,
          "tooLarge",
          `Request body is larger than the ${rules.maxBodyBytes}-byte limit (${read.size} bytes${read.abandon ? " or more" : ""})`,
        );
        send(res, reply.status, reply.body, read.abandon ? { connection: "close" } : {});
        if (read.abandon) res.on("finish", () => req.destroy());
        return;
      }
      const body = read.body;
      if (req.url.startsWith(CONTROL_PREFIX)) return answerControl(state, req, res);
      const decision = route(rules, { method: req.method, url: req.url, headers: req.headers, body });
      if (decision.reply) return send(res, decision.reply.status, decision.reply.body, decision.reply.headers);
      if (upstreamReady) {
        try {
          const url = await upstreamReady;
          target ??= new URL(url);
        } catch (error) {
          return send(res, 503, { error: `mock is not available: ${error.message}` });
        }
      }
      const exchange = webhooks && webhookExchange(webhooks, rules, req, decision, body);
      // The stateful mock (state.mjs) answers with the store's data once Prism has accepted the request.
      const stateful = state?.match(req.method, decision.path, body);
      const headers = { ...decision.headers, host: target.host, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      forward(
        { host: target.hostname, port: target.port, method: req.method, path: decision.path, headers, agent },
        body,
        (upstreamRes) => {
          if (stateful && upstreamRes.statusCode >= 200 && upstreamRes.statusCode < 300) {
            const answered = answerFromState(state, stateful, upstreamRes, res).catch((error) =>
              send(res, 500, { error: `mock state failed: ${error.message}` }),
            );
            if (exchange) answered.then(() => webhooks.afterSuccess(exchange));
            return answered;
          }
          if (
            rules.violationMessageField &&
            upstreamRes.headers["sl-violations"] &&
            VALIDATION_STATUSES.has(upstreamRes.statusCode)
          ) {
            return relayWithViolations(upstreamRes, res, rules.violationMessageField).catch((error) =>
              send(res, 502, { error: `mock upstream failed: ${error.message}` }),
            );
          }
          if (exchange && upstreamRes.statusCode >= 200 && upstreamRes.statusCode < 300)
            return relayToWebhooks(webhooks, exchange, upstreamRes, res);
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
          upstreamRes.on("error", () => res.destroy());
        },
        (error) => send(res, 502, { error: `mock upstream failed: ${error.message}` }),
      );
    } catch (error) {
      send(res, 500, { error: `mock router failed: ${error.message}` });
    }
  });
  // A client that goes away mid-request must not take the router with it.
  server.on("clientError", (_error, socket) => {
    if (socket.writable && !socket.destroyed)
      socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({ server, port: server.address().port, ...(webhooks ? { webhooks } : {}) });
    });
  });
}

/**
 * What webhook delivery needs of a forwarded request; a token operation whose subscription is
 * unknown, ended or expired is forwarded asking Prism for the spec's 404 (the provider's shape).
 */
function webhookExchange(webhooks, rules, req, decision, body) {
  const url = new URL(decision.path, "http://mock");
  const template = rules.operations?.match(url.pathname)?.template;
  const check = webhooks.beforeForward({
    method: req.method,
    pathname: url.pathname,
    template,
    searchParams: url.searchParams,
  });
  if (check?.notFound) {
    decision.headers.prefer = "code=404";
    return undefined;
  }
  let parsed;
  try {
    parsed = body.length ? JSON.parse(body.toString("utf8")) : undefined;
  } catch {
    parsed = undefined;
  }
  return { method: req.method, pathname: url.pathname, body: parsed, base: `http://${req.headers.host}`, token: check };
}

/** Relays a 2xx answer and then reports the exchange (with the answer's JSON when delivery needs it). */
function relayToWebhooks(webhooks, exchange, upstreamRes, res) {
  if (!webhooks.wantsAnswer(exchange.method, exchange.pathname)) {
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    upstreamRes.pipe(res);
    upstreamRes.on("error", () => res.destroy());
    webhooks.afterSuccess(exchange);
    return;
  }
  readBody(upstreamRes).then(
    (raw) => {
      res.writeHead(upstreamRes.statusCode, { ...upstreamRes.headers, "content-length": String(raw.length) });
      res.end(raw);
      try {
        exchange.answer = JSON.parse(raw.toString("utf8"));
      } catch {
        exchange.answer = undefined;
      }
      webhooks.afterSuccess(exchange);
    },
    () => res.destroy(),
  );
}
