// The request router in front of Prism. Prism validates requests, applies security and answers
// with examples, but cannot choose a response from the request. The mock view's
// `x-specforge-mock` (derived from the spec by codegen) says how: RPC actions are forwarded to
// their own derived route, and `exampleBy` rules pick the named example a request value selects.
import http from "node:http";
import { answerControl, answerFromState, CONTROL_PREFIX } from "./state-http.mjs";
import { createWebhookDelivery } from "./webhooks.mjs";

/** Statuses Prism answers a request that breaks the spec with (not 401: that keeps the provider's message). */
const VALIDATION_STATUSES = new Set([400, 422]);

function templateMatcher(template) {
  const pattern = template
    .split("/")
    .map((seg) => (/^\{[^}]+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}$`);
}

/** Literal paths win over templated ones, as in Prism and most routers. */
function specificity(template) {
  return template.split("/").filter((s) => !s.startsWith("{")).length;
}

/** What the router answers, per case, when a spec says nothing (`x-mock.badInput`). */
export const BAD_INPUT_DEFAULTS = {
  body: { error: "{message}" },
  maxBodyBytes: 1024 * 1024,
  status: {
    notJson: 400,
    wrongType: 400,
    missingDiscriminator: 400,
    contentType: 415,
    tooLarge: 413,
    unknownPath: 404,
    wrongMethod: 405,
  },
};
export const BAD_INPUT_CASES = Object.keys(BAD_INPUT_DEFAULTS.status);

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;
const PASS_THROUGH_METHODS = new Set(["OPTIONS", "HEAD"]);

function resolveLocal(view, node, depth = 0) {
  if (!node || typeof node !== "object" || typeof node.$ref !== "string" || depth > 20) return node;
  if (!node.$ref.startsWith("#/")) return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce((at, key) => (at === undefined ? undefined : at[key.replace(/~1/g, "/").replace(/~0/g, "~")]), view);
  return resolveLocal(view, target, depth + 1);
}

/** The JSON types a schema's top level admits (undefined = any). */
function topLevelTypes(view, schema, depth = 0) {
  schema = resolveLocal(view, schema);
  if (!schema || typeof schema !== "object" || depth > 10) return undefined;
  if (schema.type) {
    const types = new Set([schema.type].flat());
    if (types.has("integer")) types.add("number");
    return types;
  }
  const branches = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(branches)) {
    const all = new Set();
    for (const b of branches) {
      const t = topLevelTypes(view, b, depth + 1);
      if (!t) return undefined;
      for (const x of t) all.add(x);
    }
    return all;
  }
  if (Array.isArray(schema.allOf)) {
    for (const b of schema.allOf) {
      const t = topLevelTypes(view, b, depth + 1);
      if (t) return t;
    }
  }
  return undefined;
}

/** The operations a request can reach (method + path template), from the mock view. */
function compileOperations(view, rpc) {
  if (!view?.paths) return undefined;
  const hidden = new Set(Object.values(rpc?.routes ?? {}));
  const byPath = new Map();
  const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  for (const [template, rawItem] of Object.entries(view.paths)) {
    if (hidden.has(template)) continue;
    const item = resolveLocal(view, rawItem) ?? {};
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const requestBody = resolveLocal(view, op.requestBody);
      const content = requestBody?.content ?? undefined;
      const mediaTypes = content ? Object.keys(content) : undefined;
      const jsonMedia = mediaTypes?.find((m) => JSON_MEDIA.test(m.toLowerCase()));
      const entry = byPath.get(template) ?? { template, match: templateMatcher(template), ops: {} };
      entry.ops[method.toUpperCase()] = {
        mediaTypes,
        bodyRequired: requestBody?.required === true,
        bodyTypes: jsonMedia ? topLevelTypes(view, content[jsonMedia].schema) : undefined,
      };
      byPath.set(template, entry);
    }
  }
  if (rpc) {
    byPath.set(rpc.path, {
      template: rpc.path,
      match: templateMatcher(rpc.path),
      ops: {
        [rpc.method]: {
          mediaTypes: ["application/json"],
          bodyRequired: true,
          bodyTypes: new Set(["object"]),
          rpc: true,
        },
      },
    });
  }
  return [...byPath.values()].sort((a, b) => specificity(b.template) - specificity(a.template));
}

/**
 * Compiles the router's rules from the mock view's `x-specforge-mock` (derived by codegen) and,
 * when given, the mock view itself: its operations (to answer an unknown path, a wrong method, a
 * wrong content type or a body that is not the JSON the operation takes) and its top-level
 * `x-mock.badInput` (how the provider answers such requests).
 */
export function compileRules(routerSpec = {}, view = undefined) {
  const exampleBy = (routerSpec.exampleBy ?? [])
    .map((rule) => ({ ...rule, match: templateMatcher(rule.path) }))
    .sort((a, b) => specificity(b.path) - specificity(a.path));
  const badInput = routerSpec.badInput ?? view?.["x-mock"]?.badInput ?? {};
  return {
    exampleBy,
    rpc: routerSpec.rpc,
    violationMessageField: routerSpec.violationMessageField,
    rawTokenHeaders: routerSpec.rawTokenHeaders ?? [],
    badInput,
    maxBodyBytes: badInput.maxBodyBytes ?? BAD_INPUT_DEFAULTS.maxBodyBytes,
    operations: compileOperations(view, routerSpec.rpc),
  };
}

/**
 * The provider's answer to one kind of bad input: the case's status and body from the spec
 * (`x-mock.badInput`), else the defaults, with `{message}` naming the problem.
 */
export function rejection(rules, kind, message, vars = {}, headers = undefined) {
  const spec = rules.badInput ?? {};
  const own = spec[kind] ?? {};
  let status = own.status ?? BAD_INPUT_DEFAULTS.status[kind] ?? 400;
  const template = own.body ?? spec.body ?? BAD_INPUT_DEFAULTS.body;
  // An RPC API that does not say how it answers a missing discriminator answers as for an unknown one.
  if (kind === "missingDiscriminator" && !spec[kind] && rules.rpc?.unknownAction?.status)
    status = rules.rpc.unknownAction.status;
  return { reply: { status, body: fillTemplate(template, { ...vars, message }), ...(headers ? { headers } : {}) } };
}

function jsonTypeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value; // object, string, number, boolean
}

const A_TYPE = {
  null: "null",
  array: "an array",
  object: "an object",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  integer: "an integer",
};

function typeList(types) {
  const names = [...types]
    .filter((t) => !(t === "number" && types.has("integer")))
    .map((t) => (t === "object" ? "a JSON object" : (A_TYPE[t] ?? t)));
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
}

function mediaEssence(value) {
  return String(value ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
}

function mediaAccepted(essence, accepted) {
  return accepted.some((m) => {
    const a = m.toLowerCase();
    if (a === "*/*" || a === essence) return true;
    if (a.endsWith("/*")) return essence.startsWith(a.slice(0, -1));
    return false;
  });
}

/** Checks a request against the operation it reaches; returns a rejection, or the parsed JSON body. */
function preflight(rules, method, pathname, headers, body) {
  if (!rules.operations || PASS_THROUGH_METHODS.has(method)) return {};
  const entry = rules.operations.find((e) => e.match.test(pathname));
  if (!entry)
    return rejection(rules, "unknownPath", `No operation at ${pathname} (unknown path)`, { method, path: pathname });
  const op = entry.ops[method];
  if (!op) {
    const allowed = Object.keys(entry.ops);
    return rejection(
      rules,
      "wrongMethod",
      `Method ${method} is not allowed on ${pathname}; use ${allowed.join(" or ")}`,
      { method, path: pathname },
      { allow: allowed.join(", ") },
    );
  }
  if (!op.mediaTypes) return {};
  const jsonOnly = op.mediaTypes.every((m) => JSON_MEDIA.test(m.toLowerCase()));
  if (body.length === 0) {
    if (op.bodyRequired && jsonOnly) {
      return rejection(
        rules,
        "notJson",
        `Request body is empty; send ${op.bodyTypes ? typeList(op.bodyTypes) : "JSON"} (${op.mediaTypes[0]})`,
      );
    }
    return {};
  }
  const contentType = headers["content-type"];
  const essence = mediaEssence(contentType);
  if (!essence)
    return rejection(
      rules,
      "contentType",
      `Content-Type header is missing; send the body as ${op.mediaTypes.join(" or ")}`,
    );
  if (!mediaAccepted(essence, op.mediaTypes)) {
    return rejection(
      rules,
      "contentType",
      `Content-Type ${essence} is not accepted here; send the body as ${op.mediaTypes.join(" or ")}`,
    );
  }
  if (!JSON_MEDIA.test(essence)) return {};
  let parsed;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    return rejection(rules, "notJson", `Request body is not valid JSON (${error.message})`);
  }
  const type = jsonTypeOf(parsed);
  const fits = !op.bodyTypes || op.bodyTypes.has(type) || (type === "number" && op.bodyTypes.has("integer"));
  if (!fits)
    return rejection(rules, "wrongType", `Request body must be ${typeList(op.bodyTypes)}, not ${A_TYPE[type] ?? type}`);
  return { parsed };
}

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

function fillTemplate(value, vars) {
  if (typeof value === "string") return value.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)]));
  return value;
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

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function bodyField(body, name, parsed) {
  try {
    const json = parsed !== undefined ? parsed : JSON.parse(body.toString("utf8") || "null");
    const value = json && typeof json === "object" ? json[name] : undefined;
    return value === undefined || value === null ? undefined : String(value);
  } catch {
    return undefined;
  }
}

/** Picks the named example a request value selects (`Prefer: example=...`), unless the caller chose one. */
function applyExampleBy(rules, method, pathname, out, searchParams, body, parsed) {
  if ("prefer" in out.headers) return;
  const rule = rules.exampleBy.find((r) => r.method === method && r.match.test(pathname));
  if (!rule) return;
  const value =
    rule.in === "header"
      ? out.headers[rule.name.toLowerCase()]
      : rule.in === "body"
        ? bodyField(body, rule.name, parsed)
        : searchParams().get(rule.name);
  const example = rule.examples[value ?? ""];
  if (example) out.headers.prefer = `example=${example}`;
}

/**
 * Decides where a request goes. Returns `{ path, headers }` to forward, or `{ reply }` to answer
 * directly in the provider's own error shape: a request no operation takes (unknown path, wrong
 * method, wrong content type, a body that is not the JSON the operation takes) or an RPC call
 * naming no known action.
 */
export function route(rules, { method, url, headers, body }) {
  let parsed;
  try {
    parsed = new URL(`http://mock${url.startsWith("/") ? "" : "/"}${url}`);
  } catch {
    return rejection(rules, "unknownPath", `${url} is not a valid request target`);
  }
  const pathname = parsed.pathname;
  const out = { path: pathname + parsed.search, headers: { ...headers } };
  for (const name of rules.rawTokenHeaders ?? []) {
    if (/^bearer\s/i.test(out.headers[name] ?? "")) delete out.headers[name]; // the API wants the raw token
  }
  const checked = preflight(rules, method, pathname, headers, body);
  if (checked.reply) return checked;
  const rpc = rules.rpc;
  if (rpc && method === rpc.method && pathname === rpc.path) {
    let json = checked.parsed;
    if (json === undefined) {
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch (error) {
        return rejection(
          rules,
          "notJson",
          body.length
            ? `Request body is not valid JSON (${error.message})`
            : "Request body is empty; send a JSON object",
        );
      }
      if (jsonTypeOf(json) !== "object")
        return rejection(rules, "wrongType", `Request body must be a JSON object, not ${A_TYPE[jsonTypeOf(json)]}`);
    }
    const action = json[rpc.discriminator];
    if (action === undefined || action === null) {
      return rejection(
        rules,
        "missingDiscriminator",
        `Request body has no "${rpc.discriminator}" field; name the operation in it`,
      );
    }
    if (typeof action !== "string") {
      return rejection(
        rules,
        "missingDiscriminator",
        `"${rpc.discriminator}" must be a string, not ${A_TYPE[jsonTypeOf(action)]}`,
      );
    }
    const target = Object.hasOwn(rpc.routes, action) ? rpc.routes[action] : undefined;
    if (!target) {
      const unknown = rpc.unknownAction ?? {
        status: 400,
        body: { error: `unknown ${rpc.discriminator}: {${rpc.discriminator}}` },
      };
      return {
        reply: { status: unknown.status ?? 400, body: fillTemplate(unknown.body, { [rpc.discriminator]: action }) },
      };
    }
    out.path = target + parsed.search;
    applyExampleBy(rules, method, target, out, () => parsed.searchParams, body, json);
    return out;
  }
  applyExampleBy(rules, method, pathname, out, () => parsed.searchParams, body, checked.parsed);
  return out;
}

/**
 * Starts the router on `port` (0 = any free port) forwarding to Prism at `upstream`. Requests that
 * need Prism wait for `upstreamReady` (when given): they are answered once it resolves, or with a
 * 503 naming the failure if it rejects.
 * @returns {Promise<{ server: http.Server, port: number }>}
 */
export function startRouter({ routerSpec, view, upstream, upstreamReady, port, host = "127.0.0.1", state, log }) {
  const rules = compileRules(routerSpec, view);
  const target = new URL(upstream);
  // Webhooks the spec's x-mock-webhooks describes (webhooks.mjs): told of each successful exchange
  // (subscriptions) and, through the store, of each change (notifications).
  const webhooks = routerSpec?.webhooks
    ? createWebhookDelivery(routerSpec.webhooks, {
        ...(log ? { log } : {}),
        store: state?.store,
        resources: routerSpec.resources,
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
          await upstreamReady;
        } catch (error) {
          return send(res, 503, { error: `mock is not available: ${error.message}` });
        }
      }
      const exchange = webhooks && webhookExchange(webhooks, rules, req, decision, body);
      // The stateful mock (state.mjs) answers with the store's data once Prism has accepted the request.
      const stateful = state?.match(req.method, decision.path, body);
      const headers = { ...decision.headers, host: target.host, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      const upstreamReq = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: decision.path, headers, agent },
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
      );
      upstreamReq.on("error", (error) => send(res, 502, { error: `mock upstream failed: ${error.message}` }));
      upstreamReq.end(body);
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
  const template = rules.operations?.find((entry) => entry.match.test(url.pathname))?.template;
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
