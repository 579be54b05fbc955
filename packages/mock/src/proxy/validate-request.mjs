// The request half of checking an exchange against the mock view: path, query and header
// parameters against their schemas, the credentials the operation's security asks for, and the
// body's content type and schema.
import { escapePointer, pointerOf, resolveRef } from "@specforge/model";
import { describeAjvError, essence, JSON_MEDIA, mediaMatch } from "./violations.mjs";

/** Coerces a parameter's text to the JSON type its schema wants, for validation. */
function coerce(view, schema, text) {
  const s = resolveRef(view, schema) ?? {};
  const types = [s.type].flat().filter(Boolean);
  if ((types.includes("integer") || types.includes("number")) && text.trim() !== "" && !Number.isNaN(Number(text)))
    return Number(text);
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true";
  if (types.includes("null") && text === "null") return null;
  return text;
}

const parameterLists = new WeakMap();

/** The operation's parameters (its own replace the path item's by in+name) with their schema pointers, found once per operation. */
function parametersOf(view, found, op, pointer) {
  let list = parameterLists.get(op);
  if (!list) {
    const params = new Map();
    for (const [raw, base] of [
      [found.item.parameters, `#/paths/${escapePointer(found.template)}/parameters`],
      [op.parameters, `${pointer}/parameters`],
    ]) {
      (raw ?? []).forEach((entry, i) => {
        const p = resolveRef(view, entry);
        if (p?.name && p.in)
          params.set(`${p.in}:${p.name}`, { p, pointer: `${pointerOf(view, entry, `${base}/${i}`)}/schema` });
      });
    }
    list = [...params.values()];
    parameterLists.set(op, list);
  }
  return list;
}

/** Which security schemes of a requirement the request carries. */
function credentialsMissing(view, op, headers, searchParams) {
  const security = op.security ?? view.security ?? [];
  if (security.length === 0 || security.some((req) => Object.keys(req).length === 0)) return undefined;
  const missingPer = security.map((req) =>
    Object.keys(req).filter((name) => {
      const scheme = resolveRef(view, view.components?.securitySchemes?.[name]) ?? {};
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
    const scheme = resolveRef(view, view.components?.securitySchemes?.[name]) ?? {};
    return { scheme: name, header: scheme.type === "apiKey" ? scheme.name : "Authorization" };
  });
}

/**
 * Checks the request of one exchange; `ctx` is the exchange and its operation as `check` found
 * them. Returns which credentials were missing (the response check says a 2xx to such a request
 * breaks the spec's 401).
 */
export function checkRequest(ctx) {
  const { view, x, headers, url, target, found, op, pointer, add, addSchemaErrors, display, schemaCheck } = ctx;
  // Request: parameters, credentials, body.
  const pathValues = Object.fromEntries(
    found.names.map((n, i) => [n, decodeURIComponent(found.regex.exec(target)?.[i + 1] ?? "")]),
  );
  for (const { p, pointer: schemaPointer } of parametersOf(view, found, op, pointer)) {
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
    const schema = resolveRef(view, p.schema) ?? {};
    const isArray = [schema.type].flat().includes("array");
    let value;
    if (Array.isArray(raw))
      value = isArray
        ? (raw.length === 1 && p.explode === false ? raw[0].split(",") : raw).map((v) => coerce(view, schema.items, v))
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
  const missingCredentials = credentialsMissing(view, op, headers, url.searchParams);
  if (missingCredentials) {
    for (const m of missingCredentials)
      add({
        rule: "credentials",
        location: `request header ${m.header}`,
        expected: `required (security scheme ${m.scheme})`,
        actual: "missing",
        specElement: `#/components/securitySchemes/${escapePointer(m.scheme)}`,
      });
  }
  const requestBody = resolveRef(view, op.requestBody);
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
        const schemaPointer = `${pointerOf(view, op.requestBody, `${pointer}/requestBody`)}/content/${escapePointer(declared)}/schema`;
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
  return missingCredentials;
}
