// The response half of checking an exchange against the mock view: the status, required
// headers, content type and body schema (an RPC envelope's failure against its error schema), an
// error body sent with a success status, and fields the spec does not declare.
import { escapePointer, pointerOf, resolveRef } from "@specforge/model";
import { essence, JSON_MEDIA, MAX_VIOLATIONS_PER_EXCHANGE, mediaMatch } from "./violations.mjs";

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
    s = resolveRef(view, s);
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
    if (sub) undeclaredFields(view, sub, v, `${at}/${escapePointer(k)}`, out, show, depth + 1);
    else if (!open) out.push({ at: `${at}/${escapePointer(k)}`, actual: show(v) });
  }
}

/**
 * Checks the answer of one exchange; `ctx` is the exchange and its operation as `check` found
 * them, `missingCredentials` what the request check found missing.
 */
export function checkResponse(ctx, missingCredentials) {
  const {
    view,
    x,
    op,
    pointer,
    isAction,
    envelope,
    operation,
    violations,
    add,
    addSchemaErrors,
    display,
    schemaCheck,
  } = ctx;
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
    return;
  }
  const responsePointer = pointerOf(view, responses[key], `${pointer}/responses/${escapePointer(key)}`);
  const response = resolveRef(view, responses[key]) ?? {};
  for (const [name, rawHeader] of Object.entries(response.headers ?? {})) {
    const h = resolveRef(view, rawHeader);
    if (h?.required && x.responseHeaders?.[name.toLowerCase()] === undefined) {
      add({
        rule: "header",
        location: `response header ${name}`,
        expected: "a required header",
        actual: "missing",
        specElement: `${responsePointer}/headers/${escapePointer(name)}`,
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
  if (x.responseBody === undefined || x.method === "HEAD") return;
  const content = response.content ?? {};
  if (x.responseBody.length === 0) return;
  const media = essence(x.responseHeaders?.["content-type"]);
  if (Object.keys(content).length === 0) {
    add({
      rule: "content-type",
      location: "response body",
      expected: `no body for ${key}`,
      actual: `${x.responseBody.length} bytes (${media || "no content-type"})`,
      specElement: responsePointer,
    });
    return;
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
    return;
  }
  if (!JSON_MEDIA.test(media)) return;
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
    return;
  }
  let schemaPointer = `${responsePointer}/content/${escapePointer(declared)}/schema`;
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
    const failure = resolveRef(view, responses.default);
    const failureMedia = failure?.content && mediaMatch(media, Object.keys(failure.content));
    if (failureMedia) {
      schemaPointer = `${failurePointer}/content/${escapePointer(failureMedia)}/schema`;
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
      const r = resolveRef(view, responses[code]);
      const m = r?.content && mediaMatch(media, Object.keys(r.content));
      return (
        m &&
        schemaCheck(
          `${pointerOf(view, responses[code], `${pointer}/responses/${escapePointer(code)}`)}/content/${escapePointer(m)}/schema`,
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
      return;
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
  return;
}
