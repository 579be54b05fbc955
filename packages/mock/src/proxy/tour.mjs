// The read-only tour: runs every operation of the mock view's tour plan (`x-specforge-tour`,
// derived by codegen from the docs samples) through a running validating proxy. Only reads
// (GET/HEAD, RPC actions marked idempotent) run unless writes are allowed; path parameters and
// `id`-like fields take values from earlier answers when one fits, else the sample's. Credentials
// come from the variables the docs samples name. Knows no provider.

const normal = (name) =>
  String(name)
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
const singular = (word) =>
  word.endsWith("ies")
    ? `${word.slice(0, -3)}y`
    : word.endsWith("s") && !word.endsWith("ss")
      ? word.slice(0, -1)
      : word;

/** Remembers identifiers seen in answers: `uuid`, `<noun>Id`, and `<noun>` for items of a `<nouns>` list. */
export function collectValues(json, into, depth = 0, noun = undefined) {
  if (depth > 12 || !json || typeof json !== "object") return into;
  if (Array.isArray(json)) {
    for (const item of json.slice(0, 5)) collectValues(item, into, depth + 1, noun);
    return into;
  }
  const remember = (key, value) => {
    if ((typeof value === "string" && value) || typeof value === "number")
      if (!into.has(key)) into.set(key, String(value));
  };
  for (const [key, value] of Object.entries(json)) {
    const k = normal(key);
    if (k.endsWith("id") || k.endsWith("uuid")) {
      remember(k, value);
      if (noun && (k === "id" || k === "uuid")) {
        remember(noun, value);
        remember(`${noun}${k}`, value);
      }
    }
    if (value && typeof value === "object")
      collectValues(value, into, depth + 1, Array.isArray(value) ? normal(singular(key)) : noun);
  }
  return into;
}

/** A value an earlier answer gave for a parameter named `name`, if any. */
function earlierValue(values, name, noun) {
  const n = normal(name);
  const candidates =
    n === "id" || n === "uuid"
      ? noun
        ? [`${noun}${n}`, noun]
        : []
      : [n, `${n}id`, `${n}uuid`, n.replace(/(uuid|id)$/, "")];
  for (const c of candidates) if (c && values.has(c)) return values.get(c);
  return undefined;
}

/** The object type a step is about: the path segment before a parameter, or the action's noun. */
function nounOf(step, param) {
  if (param) {
    const segments = step.path.split("/");
    const i = segments.indexOf(`{${param}}`);
    if (i > 0 && !segments[i - 1].startsWith("{")) return normal(singular(segments[i - 1]));
  }
  const m = /^(?:get|list|read|fetch|lookup)_(.+)$/.exec(step.operation);
  return m ? normal(singular(m[1].replace(/^all_/, ""))) : undefined;
}

/** The credential header/query values of a step, from the environment; or the variables missing. */
function credentialsFor(step, env) {
  const headers = {};
  const query = [];
  const missing = [];
  for (const c of step.credentials ?? []) {
    const value = env[c.env];
    if (!value) {
      missing.push(c.env);
      continue;
    }
    const sent = c.encode === "base64" ? Buffer.from(value, "utf8").toString("base64") : value;
    if (c.in === "query") query.push([c.name, sent]);
    else if (c.in === "cookie") headers.cookie = `${c.name}=${sent}`;
    else headers[c.name] = `${c.prefix ?? ""}${sent}`;
  }
  return { headers, query, missing };
}

/**
 * Runs the tour through a running proxy (`startProxy`).
 * @param {object} o
 * @param {ReturnType<typeof import("./proxy.mjs").startProxy> extends Promise<infer P> ? P : never} o.proxy
 * @param {object} o.view            the API's mock view (its `x-specforge-tour`)
 * @param {string} [o.api]
 * @param {boolean} [o.allowWrites]  also run operations that change data
 * @param {Record<string, string | undefined>} [o.env]  where credentials are read (default process.env)
 * @param {(line: string) => void} [o.log]
 * @returns {Promise<{ called: number, conforming: number, violating: number, failed: number, skipped: Array<{ operation: string, reason: string }>, results: object[] }>}
 */
export async function runTour(o) {
  const plan = o.view["x-specforge-tour"];
  const log = o.log ?? ((line) => process.stdout.write(`${line}\n`));
  if (!Array.isArray(plan))
    throw new Error(
      `the mock view of ${o.api ?? "this API"} has no tour (x-specforge-tour): regenerate its client package with this version of specforge`,
    );
  const env = o.env ?? process.env;
  const reads = plan.filter((s) => s.readOnly).length;
  const writes = plan.length - reads;
  // Said before anything is sent.
  if (o.allowWrites)
    log(
      `WRITES ALLOWED: the tour of ${o.api} runs all ${plan.length} operations through ${o.proxy.upstream}, including ${writes} that can create, change or delete data in that account.`,
    );
  else
    log(
      `Tour of ${o.api} through ${o.proxy.upstream}: ${reads} read-only operations; ${writes} that change data are skipped (--allow-writes runs them).`,
    );
  for (const step of plan) for (const c of step.credentials ?? []) if (env[c.env]) o.proxy.addSecret(env[c.env]);

  // Steps that need no identifier first, so later ones can use what they return.
  const order = plan
    .map((step, i) => ({ step, i, needs: Object.keys(step.pathParams ?? {}).length }))
    .sort((a, b) => a.needs - b.needs || a.i - b.i);
  const values = new Map();
  const results = [];
  const skipped = [];
  for (const { step } of order) {
    if (!step.readOnly && !o.allowWrites) {
      skipped.push({
        operation: step.operation,
        reason: `changes data (${step.method}${step.path.includes("{") ? "" : ` ${step.path}`}); --allow-writes runs it`,
      });
      continue;
    }
    const creds = credentialsFor(step, env);
    if (creds.missing.length) {
      skipped.push({ operation: step.operation, reason: `needs credentials: set ${creds.missing.join(" and ")}` });
      continue;
    }
    const fromAnswers = [];
    const path = step.path.replace(/\{([^}]+)\}/g, (_, name) => {
      const earlier = earlierValue(values, name, nounOf(step, name));
      if (earlier !== undefined) fromAnswers.push(name);
      return encodeURIComponent(earlier ?? step.pathParams?.[name] ?? name);
    });
    let body = step.body;
    if (body && typeof body === "object" && !Array.isArray(body)) {
      body = { ...body };
      for (const key of Object.keys(body)) {
        if (typeof body[key] !== "string" || !/^(id|uuid)$|_?(id|uuid)$/i.test(key)) continue;
        const earlier = earlierValue(values, key, nounOf(step));
        if (earlier !== undefined) {
          body[key] = earlier;
          fromAnswers.push(key);
        }
      }
    }
    const url = new URL(`${o.proxy.url}${path}${step.query ?? ""}`);
    for (const [k, v] of creds.query) url.searchParams.append(k, v);
    const headers = { ...(step.headers ?? {}), ...creds.headers };
    let payload;
    if (step.mediaType && body !== undefined) {
      headers["content-type"] = step.mediaType;
      payload = /json/.test(step.mediaType)
        ? JSON.stringify(body)
        : step.mediaType === "application/x-www-form-urlencoded"
          ? new URLSearchParams(body).toString()
          : String(body);
    }
    const before = o.proxy.exchanges.length;
    let status;
    try {
      const res = await fetch(url, { method: step.method, headers, body: payload });
      status = res.status;
      const text = await res.text();
      if (res.ok && /json/.test(res.headers.get("content-type") ?? "")) {
        try {
          collectValues(JSON.parse(text), values, 0, nounOf(step));
        } catch {}
      }
    } catch (error) {
      skipped.push({ operation: step.operation, reason: `the proxy did not answer: ${error.message}` });
      continue;
    }
    await o.proxy.settled();
    const exchange =
      o.proxy.exchanges.slice(before).find((x) => x.status === status || x.error) ?? o.proxy.exchanges.at(-1);
    const violations = exchange?.violations ?? [];
    const result = {
      operation: step.operation,
      method: step.method,
      status,
      violations,
      fromAnswers,
      ...(exchange?.error ? { error: exchange.error } : {}),
    };
    results.push(result);
    if (result.error) {
      log(`  ! ${step.operation}: ${result.error}`);
      // An upstream that answers nothing: say so once instead of once per operation.
      if (results.length === 3 && results.every((r) => r.error)) {
        log(`The tour stops: the first ${results.length} calls got no answer from ${o.proxy.upstream}.`);
        break;
      }
      continue;
    }
    const mark = violations.length ? "✗" : "✓";
    log(
      `  ${mark} ${step.operation} ${status}${violations.length ? ` (${violations.length} violation${violations.length > 1 ? "s" : ""})` : ""}${fromAnswers.length ? ` [${fromAnswers.join(", ")} from earlier answers]` : ""}`,
    );
  }
  const failed = results.filter((r) => r.error).length;
  const violating = results.filter((r) => r.violations.length).length;
  const summary = {
    called: results.length,
    conforming: results.length - violating - failed,
    violating,
    failed,
    skipped,
    results,
  };
  log(
    `Tour of ${o.api}: ${summary.called} called, ${summary.conforming} conforming, ${summary.violating} violating, ${failed ? `${failed} without an answer, ` : ""}${skipped.length} skipped.`,
  );
  const reasons = new Map();
  for (const s of skipped)
    reasons.set(s.reason.replace(/ \(.*\)/, ""), [
      ...(reasons.get(s.reason.replace(/ \(.*\)/, "")) ?? []),
      s.operation,
    ]);
  for (const [reason, ops] of reasons)
    log(`  skipped ${ops.length}: ${reason} (${ops.slice(0, 6).join(", ")}${ops.length > 6 ? ", ..." : ""})`);
  return summary;
}
