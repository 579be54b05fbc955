// The request router in front of Prism. Prism validates requests, applies security and answers
// with examples, but cannot choose a response from the request. The mock view's
// `x-specforge-mock` (derived from the spec by codegen) says how: RPC actions are forwarded to
// their own derived route, and `exampleBy` rules pick the named example a request value selects.
import http from "node:http";

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

export function compileRules(routerSpec = {}) {
  const exampleBy = (routerSpec.exampleBy ?? [])
    .map((rule) => ({ ...rule, match: templateMatcher(rule.path) }))
    .sort((a, b) => specificity(b.path) - specificity(a.path));
  return {
    exampleBy,
    rpc: routerSpec.rpc,
    violationMessageField: routerSpec.violationMessageField,
    rawTokenHeaders: routerSpec.rawTokenHeaders ?? [],
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function fillTemplate(value, vars) {
  if (typeof value === "string") return value.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)]));
  return value;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
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

function bodyField(body, name) {
  try {
    const value = JSON.parse(body.toString("utf8") || "null")?.[name];
    return value === undefined || value === null ? undefined : String(value);
  } catch {
    return undefined;
  }
}

/** Picks the named example a request value selects (`Prefer: example=...`), unless the caller chose one. */
function applyExampleBy(rules, method, pathname, out, searchParams, body) {
  if ("prefer" in out.headers) return;
  const rule = rules.exampleBy.find((r) => r.method === method && r.match.test(pathname));
  if (!rule) return;
  const value =
    rule.in === "header"
      ? out.headers[rule.name.toLowerCase()]
      : rule.in === "body"
        ? bodyField(body, rule.name)
        : searchParams().get(rule.name);
  const example = rule.examples[value ?? ""];
  if (example) out.headers.prefer = `example=${example}`;
}

/**
 * Decides where a request goes. Returns `{ path, headers }` to forward, or `{ reply }` to answer
 * directly (an RPC call naming no known action).
 */
export function route(rules, { method, url, headers, body }) {
  const parsed = new URL(url, "http://mock");
  const out = { path: parsed.pathname + parsed.search, headers: { ...headers } };
  for (const name of rules.rawTokenHeaders ?? []) {
    if (/^bearer\s/i.test(out.headers[name] ?? "")) delete out.headers[name]; // the API wants the raw token
  }
  const rpc = rules.rpc;
  if (rpc && method === rpc.method && parsed.pathname === rpc.path) {
    let action;
    try {
      action = JSON.parse(body.toString("utf8") || "null")?.[rpc.discriminator];
    } catch {
      action = undefined;
    }
    const target = typeof action === "string" ? rpc.routes[action] : undefined;
    if (!target) {
      const unknown = rpc.unknownAction ?? { status: 400, body: { error: `unknown ${rpc.discriminator}` } };
      return { reply: { status: unknown.status ?? 400, body: fillTemplate(unknown.body, { [rpc.discriminator]: action ?? "" }) } };
    }
    out.path = target + parsed.search;
    applyExampleBy(rules, method, target, out, () => parsed.searchParams, body);
    return out;
  }
  applyExampleBy(rules, method, parsed.pathname, out, () => parsed.searchParams, body);
  return out;
}

/**
 * Starts the router on `port` (0 = any free port) forwarding to Prism at `upstream`.
 * @returns {Promise<{ server: http.Server, port: number }>}
 */
export function startRouter({ routerSpec, upstream, port, host = "127.0.0.1" }) {
  const rules = compileRules(routerSpec);
  const target = new URL(upstream);
  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const decision = route(rules, { method: req.method, url: req.url, headers: req.headers, body });
      if (decision.reply) return send(res, decision.reply.status, decision.reply.body);
      const headers = { ...decision.headers, host: target.host, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      const upstreamReq = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: decision.path, headers, agent },
        (upstreamRes) => {
          if (rules.violationMessageField && upstreamRes.headers["sl-violations"] && VALIDATION_STATUSES.has(upstreamRes.statusCode)) {
            return relayWithViolations(upstreamRes, res, rules.violationMessageField);
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on("error", (error) => send(res, 502, { error: `mock upstream failed: ${error.message}` }));
      upstreamReq.end(body);
    } catch (error) {
      send(res, 500, { error: `mock router failed: ${error.message}` });
    }
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({ server, port: server.address().port });
    });
  });
}

