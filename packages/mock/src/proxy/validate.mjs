// Checks one request/answer exchange against an API's mock view: the operation it reaches (for an
// RPC API, the action's own derived route, found by the router's own `route`), its parameters,
// credentials and body, then the answer's status, content type, required headers and body schema
// (the action's own response schema for RPC), fields the spec does not declare, and an error body
// sent with a success status where the spec answers with a 4xx. Knows no provider.
import { compileRules, route } from "../serve/router.mjs";
import { bundleValidator } from "../spec-ajv.mjs";
import { templateMatcher } from "@specforge/model";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;
const MAX_VIOLATIONS_PER_EXCHANGE = 20;

const pointerKey = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

function deref(view, node, depth = 0) {
  while (
    node &&
    typeof node === "object" &&
    typeof node.$ref === "string" &&
    node.$ref.startsWith("#/") &&
    depth++ < 32
  ) {
    node = node.$ref
      .slice(2)
      .split("/")
      .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, k) => (at == null ? undefined : at[k]), view);
  }
  return node;
}

/** The pointer of a possibly-`$ref` node: where its content really lives. */
function pointerOf(view, node, pointer) {
  let depth = 0;
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#/") && depth++ < 32) {
    pointer = node.$ref;
    node = deref(view, { $ref: node.$ref });
  }
  return pointer;
}

const essence = (contentType) =>
  String(contentType ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();

function mediaMatch(actual, declared) {
  return declared.find((m) => {
    const d = m.toLowerCase();
    return d === actual || d === "*/*" || (d.endsWith("/*") && actual.startsWith(d.slice(0, -1)));
  });
}

/**
 * A short, readable rendering of a value that came back; `redact` runs before the cut, so a secret
 * is never left half-shown where the redactor could no longer recognise it.
 */
export function show(value, redact = (text) => text) {
  if (value === undefined) return "nothing";
  const text = redact(JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(root, pointer) {
  if (!pointer) return root;
  return pointer
    .slice(1)
    .split("/")
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((at, k) => (at == null ? undefined : at[k]), root);
}

function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** One Ajv error as (location suffix, what the spec says, what came back). */
function describeAjvError(error, body, show) {
  const at = error.instancePath;
  const got = valueAt(body, at);
  const p = error.params ?? {};
  switch (error.keyword) {
    case "required":
      return { at: `${at}/${pointerKey(p.missingProperty)}`, expected: "a required field", actual: "missing" };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = p.additionalProperty ?? p.unevaluatedProperty;
      return {
        at: `${at}/${pointerKey(name)}`,
        expected: "no such field",
        actual: show(valueAt(body, `${at}/${pointerKey(name)}`)),
      };
    }
    case "type":
      return { at, expected: `type ${[p.type].flat().join(" or ")}`, actual: `${typeName(got)} ${show(got)}` };
    case "enum":
      return { at, expected: `one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`, actual: show(got) };
    case "const":
      return { at, expected: `exactly ${JSON.stringify(p.allowedValue)}`, actual: show(got) };
    case "format":
      return { at, expected: `format ${p.format}`, actual: show(got) };
    default:
      return { at, expected: error.message ?? error.keyword, actual: show(got) };
  }
}

const COMBINATORS = new Set(["oneOf", "anyOf", "allOf", "if", "not"]);

/** Ajv's errors, minus the combinator summaries when a branch's own errors say more. */
function usefulErrors(errors) {
  const own = errors.filter((e) => !COMBINATORS.has(e.keyword));
  const list = own.length ? own : errors;
  const seen = new Set();
  return list.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Fields the spec does not declare. The project's examples are linted with undeclared fields as
 * errors (redocly.yaml `allowAdditionalProperties: false`), so the proxy holds answers to the same
 * standard: an object schema is open only where it says so (`additionalProperties`,
 * `patternProperties`) or declares no properties at all.
 */
function undeclaredFields(view, schema, value, at, out, show, depth = 0) {
  if (depth > 40 || out.length > MAX_VIOLATIONS_PER_EXCHANGE) return;
  const branches = [];
  const collect = (s, d = 0) => {
    s = deref(view, s);
    if (!s || typeof s !== "object" || d > 16) return;
    branches.push(s);
    for (const key of ["allOf", "oneOf", "anyOf"]) if (Array.isArray(s[key])) for (const b of s[key]) collect(b, d + 1);
  };
  collect(schema);
  if (Array.isArray(value)) {
    const items = branches.find((b) => b.items && typeof b.items === "object")?.items;
    if (items)
      for (const [i, v] of value.entries()) undeclaredFields(view, items, v, `${at}/${i}`, out, show, depth + 1);
    return;
  }
  if (!value || typeof value !== "object") return;
  const declared = new Map();
  let open = false;
  let extra;
  for (const b of branches) {
    for (const [k, s] of Object.entries(b.properties ?? {})) if (!declared.has(k)) declared.set(k, s);
    if (b.patternProperties || b.additionalProperties === true || b.unevaluatedProperties === true) open = true;
    if (b.additionalProperties && typeof b.additionalProperties === "object") extra = b.additionalProperties;
  }
  if (declared.size === 0 && !extra) open = true;
  for (const [k, v] of Object.entries(value)) {
    const sub = declared.get(k) ?? extra;
    if (sub) undeclaredFields(view, sub, v, `${at}/${pointerKey(k)}`, out, show, depth + 1);
    else if (!open) out.push({ at: `${at}/${pointerKey(k)}`, actual: show(v) });
  }
}

/** Coerces a parameter's text to the JSON type its schema wants, for validation. */
function coerce(view, schema, text) {
  const s = deref(view, schema) ?? {};
  const types = [s.type].flat().filter(Boolean);
  if ((types.includes("integer") || types.includes("number")) && text.trim() !== "" && !Number.isNaN(Number(text)))
    return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  if (types.includes("null") && text === "null") return null;
  return text;
}

/**
 * @param {{ view: object, envelope?: { success?: string, message?: string }, redact?: (text: string) => string }} api
 *   the mock view; `envelope`: the RPC envelope's field names (the bundle's `x-rpc.envelope`);
 *   `redact`: applied to every value shown in a violation, before it is shortened
 */
export function createValidator({ view, envelope, redact }) {
  const display = (value) => show(value, redact);
  const routerSpec = view["x-specforge-mock"] ?? {};
  const rules = compileRules(routerSpec, view);
  const validatorAt = bundleValidator(view, "view.json");
  const rpc = routerSpec.rpc;
  const actionRoutes = new Set(Object.values(rpc?.routes ?? {}));
  const ops = [];
  for (const [template, rawItem] of Object.entries(view.paths ?? {})) {
    const item = deref(view, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      ops.push({
        template,
        method,
        op: item[method],
        item,
        ...templateMatcher(template),
        pointer: `#/paths/${pointerKey(template)}/${method}`,
      });
    }
  }

  const schemaCheck = (pointer, value) => {
    const validate = validatorAt(pointer);
    return validate(value) ? [] : usefulErrors(validate.errors ?? []);
  };

  /** Which security schemes of a requirement the request carries. */
  function credentialsMissing(op, headers, searchParams) {
    const security = op.security ?? view.security ?? [];
    if (security.length === 0 || security.some((req) => Object.keys(req).length === 0)) return undefined;
    const missingPer = security.map((req) =>
      Object.keys(req).filter((name) => {
        const scheme = deref(view, view.components?.securitySchemes?.[name]) ?? {};
        if (scheme.type === "apiKey") {
          if (scheme.in === "query") return !searchParams.has(scheme.name);
          if (scheme.in === "cookie") return !String(headers.cookie ?? "").includes(`${scheme.name}=`);
          return !headers[scheme.name.toLowerCase()];
        }
        return !headers.authorization;
      }),
    );
    if (missingPer.some((m) => m.length === 0)) return undefined;
    return missingPer[0].map((name) => {
      const scheme = deref(view, view.components?.securitySchemes?.[name]) ?? {};
      return { scheme: name, header: scheme.type === "apiKey" ? scheme.name : "Authorization" };
    });
  }

  /**
   * @param {object} x
   * @param {string} x.method
   * @param {string} x.url               path and query as the client sent them
   * @param {Record<string, string>} x.requestHeaders  lower-case names
   * @param {Buffer | undefined} x.requestBody   undefined: not recorded (not checked)
   * @param {number} x.status
   * @param {Record<string, string>} x.responseHeaders lower-case names
   * @param {Buffer | undefined} x.responseBody  decoded; undefined: not recorded (not checked)
   * @param {string} [x.operation]       the operation or action, when the body that names it is not recorded
   * @returns {{ operation: string, violations: Array<{ operation: string, location: string, expected: string, actual: string, rule: string, specElement?: string }> }}
   */
  function check(x) {
    const violations = [];
    let operation = x.operation ?? `${x.method} ${x.url.split("?")[0]}`;
    const add = (v) => {
      if (violations.length < MAX_VIOLATIONS_PER_EXCHANGE) violations.push({ operation, ...v });
    };
    /** One violation per schema error, located inside `side` ("request body", "response body"). */
    const addSchemaErrors = (side, errors, value, specElement) => {
      for (const e of errors) {
        const d = describeAjvError(e, value, display);
        add({
          rule: "schema",
          location: `${side} ${d.at || "/"}`,
          expected: d.expected,
          actual: d.actual,
          specElement,
        });
      }
    };
    const headers = x.requestHeaders ?? {};
    let url;
    try {
      url = new URL(`http://proxy${x.url.startsWith("/") ? "" : "/"}${x.url}`);
    } catch {
      add({ rule: "operation", location: "request", expected: "a valid request target", actual: display(x.url) });
      return { operation, violations };
    }
    if (x.method === "OPTIONS") return { operation, violations }; // CORS preflights belong to no operation
    // The router finds the operation (for RPC: the action's route) exactly as the mock does.
    let routingBody = x.requestBody;
    if (routingBody === undefined && rpc && x.operation && url.pathname === rpc.path)
      routingBody = Buffer.from(JSON.stringify({ [rpc.discriminator]: x.operation }));
    const decision = route(rules, { method: x.method, url: x.url, headers, body: routingBody ?? Buffer.alloc(0) });
    if (decision.reply) {
      const message =
        decision.reply.body && typeof decision.reply.body === "object"
          ? Object.values(decision.reply.body).find((v) => typeof v === "string" && v.length > 8)
          : undefined;
      add({
        rule: "operation",
        location: "request",
        expected: "a request an operation of the spec takes",
        actual: message ?? `${x.method} ${url.pathname}`,
      });
      return { operation, violations };
    }
    const target = new URL(`http://proxy${decision.path}`).pathname;
    const method = x.method.toLowerCase();
    const found = actionRoutes.has(target)
      ? ops.find((o) => o.template === target && o.method === method)
      : ops
          .filter((o) => !actionRoutes.has(o.template) && o.method === method && o.regex.test(target))
          .sort((a, b) => a.names.length - b.names.length)[0];
    if (!found) {
      add({
        rule: "operation",
        location: "request",
        expected: "an operation of the spec",
        actual: `${x.method} ${url.pathname}`,
      });
      return { operation, violations };
    }
    const { op, pointer } = found;
    operation = op.operationId ?? operation;
    const isAction = actionRoutes.has(found.template);

    // Request: parameters, credentials, body.
    const pathValues = Object.fromEntries(
      found.names.map((n, i) => [n, decodeURIComponent(found.regex.exec(target)?.[i + 1] ?? "")]),
    );
    const params = new Map();
    for (const [list, base] of [
      [found.item.parameters, `#/paths/${pointerKey(found.template)}/parameters`],
      [op.parameters, `${pointer}/parameters`],
    ]) {
      (list ?? []).forEach((raw, i) => {
        const p = deref(view, raw);
        if (p?.name && p.in)
          params.set(`${p.in}:${p.name}`, { p, pointer: `${pointerOf(view, raw, `${base}/${i}`)}/schema` });
      });
    }
    for (const { p, pointer: schemaPointer } of params.values()) {
      let raw;
      if (p.in === "path") raw = pathValues[p.name];
      else if (p.in === "query") raw = url.searchParams.has(p.name) ? url.searchParams.getAll(p.name) : undefined;
      else if (p.in === "header") raw = headers[p.name.toLowerCase()];
      else continue;
      const location = `request ${p.in} ${p.name}`;
      if (raw === undefined) {
        if (p.required)
          add({
            rule: "parameter",
            location,
            expected: "a required parameter",
            actual: "missing",
            specElement: schemaPointer.replace(/\/schema$/, ""),
          });
        continue;
      }
      if (!p.schema) continue;
      const schema = deref(view, p.schema) ?? {};
      const isArray = [schema.type].flat().includes("array");
      let value;
      if (Array.isArray(raw))
        value = isArray
          ? (raw.length === 1 && p.explode === false ? raw[0].split(",") : raw).map((v) =>
              coerce(view, schema.items, v),
            )
          : coerce(view, schema, raw[0]);
      else
        value = isArray
          ? String(raw)
              .split(",")
              .map((v) => coerce(view, schema.items, v))
          : coerce(view, schema, String(raw));
      if ([schema.type].flat().includes("object")) continue; // deepObject and friends: presence only
      for (const e of schemaCheck(schemaPointer, value)) {
        const d = describeAjvError(e, value, display);
        add({
          rule: "parameter",
          location: `${location}${d.at}`,
          expected: d.expected,
          actual: d.actual,
          specElement: schemaPointer,
        });
      }
    }
    const missingCredentials = credentialsMissing(op, headers, url.searchParams);
    if (missingCredentials) {
      for (const m of missingCredentials)
        add({
          rule: "credentials",
          location: `request header ${m.header}`,
          expected: `required (security scheme ${m.scheme})`,
          actual: "missing",
          specElement: `#/components/securitySchemes/${pointerKey(m.scheme)}`,
        });
    }
    const requestBody = deref(view, op.requestBody);
    if (x.requestBody !== undefined && requestBody?.content) {
      if (x.requestBody.length === 0) {
        if (requestBody.required)
          add({
            rule: "body",
            location: "request body",
            expected: `a body (${Object.keys(requestBody.content).join(" or ")})`,
            actual: "empty",
          });
      } else {
        const media = essence(headers["content-type"]);
        const declared = mediaMatch(media, Object.keys(requestBody.content));
        if (!declared)
          add({
            rule: "content-type",
            location: "request content-type",
            expected: Object.keys(requestBody.content).join(" or "),
            actual: media || "none",
          });
        else if (JSON_MEDIA.test(media)) {
          const schemaPointer = `${pointerOf(view, op.requestBody, `${pointer}/requestBody`)}/content/${pointerKey(declared)}/schema`;
          let json;
          try {
            json = JSON.parse(x.requestBody.toString("utf8"));
          } catch (error) {
            add({ rule: "body", location: "request body", expected: "JSON", actual: `not JSON (${error.message})` });
          }
          if (json !== undefined) {
            addSchemaErrors(
              "request body",
              schemaCheck(schemaPointer, json),
              json,
              requestBody.content[declared].schema?.$ref ?? schemaPointer,
            );
          }
        }
      }
    }

    // Answer: status, content type, headers, body.
    const status = String(x.status);
    const responses = op.responses ?? {};
    const key =
      status in responses
        ? status
        : `${status[0]}XX` in responses
          ? `${status[0]}XX`
          : "default" in responses
            ? "default"
            : undefined;
    const declaredStatuses = Object.keys(responses).join(", ");
    if (!key) {
      add({
        rule: "status",
        location: "response status",
        expected: `one of ${declaredStatuses}`,
        actual: status,
        specElement: `${pointer}/responses`,
      });
      return { operation, violations };
    }
    const responsePointer = pointerOf(view, responses[key], `${pointer}/responses/${pointerKey(key)}`);
    const response = deref(view, responses[key]) ?? {};
    for (const [name, rawHeader] of Object.entries(response.headers ?? {})) {
      const h = deref(view, rawHeader);
      if (h?.required && x.responseHeaders?.[name.toLowerCase()] === undefined) {
        add({
          rule: "header",
          location: `response header ${name}`,
          expected: "a required header",
          actual: "missing",
          specElement: `${responsePointer}/headers/${pointerKey(name)}`,
        });
      }
    }
    const success = /^2/.test(status);
    // A success answer to a request without the credentials the operation needs: the spec says 401.
    if (success && missingCredentials && "401" in responses) {
      add({
        rule: "error-status",
        location: "response status",
        expected: "401 for a request without its credentials",
        actual: status,
        specElement: `${pointer}/responses/401`,
      });
    }
    if (x.responseBody === undefined || x.method === "HEAD") return { operation, violations };
    const content = response.content ?? {};
    if (x.responseBody.length === 0) return { operation, violations };
    const media = essence(x.responseHeaders?.["content-type"]);
    if (Object.keys(content).length === 0) {
      add({
        rule: "content-type",
        location: "response body",
        expected: `no body for ${key}`,
        actual: `${x.responseBody.length} bytes (${media || "no content-type"})`,
        specElement: responsePointer,
      });
      return { operation, violations };
    }
    const declared = mediaMatch(media, Object.keys(content));
    if (!declared) {
      add({
        rule: "content-type",
        location: "response content-type",
        expected: Object.keys(content).join(" or "),
        actual: media || "none",
        specElement: `${responsePointer}/content`,
      });
      return { operation, violations };
    }
    if (!JSON_MEDIA.test(media)) return { operation, violations };
    let json;
    try {
      json = JSON.parse(x.responseBody.toString("utf8"));
    } catch (error) {
      add({
        rule: "body",
        location: "response body",
        expected: `JSON (${declared})`,
        actual: `not JSON (${error.message})`,
      });
      return { operation, violations };
    }
    let schemaPointer = `${responsePointer}/content/${pointerKey(declared)}/schema`;
    let schemaNode = content[declared].schema;
    // An RPC envelope that reports a failure is the envelope, not the action's payload.
    if (
      isAction &&
      envelope?.success &&
      json &&
      typeof json === "object" &&
      json[envelope.success] === false &&
      responses.default
    ) {
      const failurePointer = pointerOf(view, responses.default, `${pointer}/responses/default`);
      const failure = deref(view, responses.default);
      const failureMedia = failure?.content && mediaMatch(media, Object.keys(failure.content));
      if (failureMedia) {
        schemaPointer = `${failurePointer}/content/${pointerKey(failureMedia)}/schema`;
        schemaNode = failure.content[failureMedia].schema;
      }
      if (missingCredentials && "401" in responses && !violations.some((v) => v.rule === "error-status")) {
        add({
          rule: "error-status",
          location: "response status",
          expected: "401 for a request without its credentials",
          actual: `${status} with an error envelope`,
          specElement: `${pointer}/responses/401`,
        });
      }
    }
    const errors = schemaCheck(schemaPointer, json);
    // (An RPC envelope says failure itself, handled above; its error schema takes any envelope.)
    if (errors.length && success && !(isAction && envelope?.success)) {
      // A success status carrying the body of one of the operation's 4xx answers: the spec says 4xx.
      const errorStatus = Object.keys(responses).find((code) => {
        if (!/^4/.test(code)) return false;
        const r = deref(view, responses[code]);
        const m = r?.content && mediaMatch(media, Object.keys(r.content));
        return (
          m &&
          schemaCheck(
            `${pointerOf(view, responses[code], `${pointer}/responses/${pointerKey(code)}`)}/content/${pointerKey(m)}/schema`,
            json,
          ).length === 0
        );
      });
      if (errorStatus) {
        add({
          rule: "error-status",
          location: "response status",
          expected: `${errorStatus} for this error body (the spec sends errors with 4xx)`,
          actual: `${status} with the ${errorStatus} error body ${display(json)}`,
          specElement: `${pointer}/responses/${errorStatus}`,
        });
        return { operation, violations };
      }
    }
    const element = schemaNode?.$ref ?? schemaPointer;
    addSchemaErrors("response body", errors, json, element);
    if (errors.length === 0) {
      const extra = [];
      undeclaredFields(view, schemaNode, json, "", extra, display);
      const owner = schemaNode?.$ref ? ` (${schemaNode.$ref.split("/").pop()})` : "";
      for (const f of extra)
        add({
          rule: "undeclared-field",
          location: `response body ${f.at}`,
          expected: `no such field in ${isAction ? `${operation}'s answer` : "the answer"}${owner}`,
          actual: f.actual,
          specElement: element,
        });
    }
    return { operation, violations };
  }

  return { check, rules };
}

/** One line per violation: operation, location, what the spec says, what came back. */
export function violationLine(v) {
  return `${v.operation}: ${v.location}: spec says ${v.expected}; got ${v.actual}`;
}
