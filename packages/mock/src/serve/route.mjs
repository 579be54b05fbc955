// Where a request goes, decided from the mock view's operations and `x-specforge-mock` (no I/O,
// no `node:` module): an answer in the provider's error shape for a request no operation takes,
// the derived route of an RPC action, the named example a request value selects.
import { compareSpecificity, fill, HTTP_METHODS, pathMatcher, resolveRef, templateMatcher } from "@specforge/model";

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

/** The JSON types a schema's top level admits (undefined = any). */
function topLevelTypes(view, schema, depth = 0) {
  schema = resolveRef(view, schema);
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
  for (const [template, rawItem] of Object.entries(view.paths)) {
    if (hidden.has(template)) continue;
    const item = resolveRef(view, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const requestBody = resolveRef(view, op.requestBody);
      const content = requestBody?.content ?? undefined;
      const mediaTypes = content ? Object.keys(content) : undefined;
      const jsonMedia = mediaTypes?.find((m) => JSON_MEDIA.test(m.toLowerCase()));
      const entry = byPath.get(template) ?? { template, ops: {} };
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
  return pathMatcher([...byPath.values()].map((entry) => ({ template: entry.template, value: entry })));
}

/**
 * Compiles the router's rules from the mock view's `x-specforge-mock` (derived by codegen) and,
 * when given, the mock view itself: its operations (to answer an unknown path, a wrong method, a
 * wrong content type or a body that is not the JSON the operation takes) and its top-level
 * `x-mock.badInput` (how the provider answers such requests).
 */
export function compileRules(routerSpec = {}, view = undefined) {
  const exampleBy = (routerSpec.exampleBy ?? [])
    .map((rule) => ({ ...rule, match: templateMatcher(rule.path).regex }))
    .sort((a, b) => compareSpecificity(a.path, b.path));
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
  return { reply: { status, body: fill(template, { ...vars, message }), ...(headers ? { headers } : {}) } };
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
  // Two templates can take the same path (`/a/{id}` with DELETE, `/a/{digest}` with GET): the most
  // specific one that has the method, else the most specific one (whose methods the answer lists).
  const entries = rules.operations.entries.filter((e) => e.regex.test(pathname)).map((e) => e.value);
  const entry = entries.find((e) => e.ops[method]) ?? entries[0];
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
        reply: { status: unknown.status ?? 400, body: fill(unknown.body, { [rpc.discriminator]: action }) },
      };
    }
    out.path = target + parsed.search;
    applyExampleBy(rules, method, target, out, () => parsed.searchParams, body, json);
    return out;
  }
  applyExampleBy(rules, method, pathname, out, () => parsed.searchParams, body, checked.parsed);
  return out;
}
