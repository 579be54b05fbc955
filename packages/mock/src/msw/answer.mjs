// The in-process front door's answer to one request, with no transport and no `node:` module: the
// router's decisions (`route`: bad input in the provider's error shape, RPC actions, `exampleBy`),
// the proxy's request validator (parameters, credentials, body), the one state module, and, where
// the server mock asks Prism, Prism's choices: a missing credential answers the operation's 401, a
// request that breaks the spec its 422/400, anything else the lowest 2xx with its first example
// (or the one `Prefer: example=` names). MSW handlers (index.mjs) call it; so could any other door.
import { fill, isObject, resolveRef } from "@specforge/model";
import { createValidator } from "../proxy/validate.mjs";
import { rejection, route } from "../serve/route.mjs";
import { controlAnswer, statefulAnswer } from "../state/control.mjs";
import { CONTROL_PREFIX, compileState } from "../state/model.mjs";
import { compiledView } from "../view.mjs";

const decoder = new TextDecoder();

/** Request bytes that read as the router and the validator read a Node Buffer (`.toString("utf8")`). */
class BodyBytes extends Uint8Array {
  toString() {
    return decoder.decode(this);
  }
}

/** Statuses Prism answers a request that breaks the spec with, in the order it looks for them. */
const INVALID_REQUEST_STATUSES = ["422", "400", "default"];

/**
 * A value for a schema that documents none, as Prism's static generator makes it: `const`,
 * `examples`, `example`, `default`, the first `enum` member, else by type ("string", 0, true,
 * objects and arrays built from their parts).
 */
export function sampleOf(doc, schema, depth = 0) {
  const s = resolveRef(doc, schema);
  if (!isObject(s) || depth > 12) return undefined;
  if ("const" in s) return s.const;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ("example" in s) return s.example;
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.allOf)) {
    const merged = {};
    for (const part of s.allOf) {
      const value = sampleOf(doc, part, depth + 1);
      if (isObject(value)) Object.assign(merged, value);
      else if (value !== undefined) return value;
    }
    return merged;
  }
  for (const key of ["oneOf", "anyOf"]) if (Array.isArray(s[key])) return sampleOf(doc, s[key][0], depth + 1);
  const type = [s.type].flat().find((t) => t && t !== "null") ?? (s.properties ? "object" : undefined);
  switch (type) {
    case "object": {
      const out = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const value = sampleOf(doc, prop, depth + 1);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case "array": {
      const item = sampleOf(doc, s.items, depth + 1);
      return item === undefined ? [] : [item];
    }
    case "string":
      return "string";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return true;
    default:
      return undefined;
  }
}

/** The JSON media type of a response (or its first one) and its content entry. */
function mediaOf(response) {
  const content = response?.content ?? {};
  const media = Object.keys(content).find((m) => /json/i.test(m)) ?? Object.keys(content)[0];
  return media ? { media, content: content[media] } : undefined;
}

/** The example a response answers with: the named one, else the first of `examples`, else `example`, else a sample. */
function exampleBody(view, response, exampleName) {
  const found = mediaOf(response);
  if (!found) return { body: undefined };
  const { media, content } = found;
  const examples = content.examples ?? {};
  const named = exampleName !== undefined ? examples[exampleName] : undefined;
  const chosen = named ?? Object.values(examples)[0];
  if (chosen !== undefined) return { media, body: resolveRef(view, chosen)?.value };
  if (content.example !== undefined) return { media, body: content.example };
  return { media, body: sampleOf(view, content.schema) };
}

/** The lowest 2xx status an operation declares (Prism's choice), else its default. */
function successStatus(responses) {
  const statuses = Object.keys(responses ?? {})
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  return statuses[0] ?? (responses?.default ? "default" : undefined);
}

/** `Prefer: code=404, example=name` as Prism reads it. */
function preferOf(headers) {
  const prefer = {};
  if (!headers.prefer) return prefer;
  for (const part of String(headers.prefer).split(/[,;]/)) {
    const [key, value] = part.split("=").map((s) => s?.trim());
    if (key && value) prefer[key] = value;
  }
  return prefer;
}

/**
 * Compiles one API's in-process mock: its view, the router's rules, the validator and the state.
 * @param {object} viewOrCompiled the API's mock view (or its compileMockView)
 * @param {{ seed?: object, stateless?: boolean, maxItems?: number }} [options] seed: `{ "<resource>": [item, ...] }`
 */
export function compileInProcessMock(viewOrCompiled, { seed, stateless = false, maxItems } = {}) {
  const compiled = compiledView(viewOrCompiled);
  const state = stateless ? undefined : compileState(compiled, { seed, maxItems });
  let validator;
  return {
    compiled,
    state,
    // Compiled on first use: a mock that answers nothing costs nothing.
    get validator() {
      validator ??= createValidator({ compiled });
      return validator;
    },
  };
}

const resolvedResponses = new WeakMap();

/** An operation's responses with their `$ref`s resolved, found once per operation. */
function responsesOf(view, op) {
  let responses = resolvedResponses.get(op);
  if (!responses) {
    responses = Object.fromEntries(
      Object.entries(resolveRef(view, op.responses) ?? {}).map(([status, r]) => [status, resolveRef(view, r)]),
    );
    resolvedResponses.set(op, responses);
  }
  return responses;
}

/** A JSON answer. */
const json = (status, body, headers = {}) => ({
  status,
  headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
  body,
});

/**
 * The answer to one request. `url` is the path and query under the API's base path; `headers`
 * lower-case; `body` the request's bytes.
 * @param {ReturnType<typeof compileInProcessMock>} mock
 * @param {{ method: string, url: string, headers: Record<string, string>, body: Uint8Array }} request
 * @returns {{ status: number, headers: Record<string, string>, body: unknown }}
 */
export function answerRequest(mock, { method, url, headers, body: bytes }) {
  const { compiled, state } = mock;
  const { view, rules } = compiled;
  const body = new BodyBytes(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (url.startsWith(CONTROL_PREFIX)) {
    const control = controlAnswer(state, method, url);
    return json(control.status, control.body);
  }
  if (body.length > rules.maxBodyBytes) {
    const { reply } = rejection(
      rules,
      "tooLarge",
      `Request body is larger than the ${rules.maxBodyBytes}-byte limit (${body.length} bytes)`,
    );
    return json(reply.status, reply.body);
  }
  const decision = route(rules, { method, url, headers, body });
  if (decision.reply) return json(decision.reply.status, decision.reply.body, decision.reply.headers);
  if (method === "OPTIONS" || method === "HEAD") return { status: 204, headers: {}, body: undefined };
  const checked = mock.validator.checkRequest({ method, url, requestHeaders: headers, requestBody: body });
  if (!checked.found) return json(404, fill(rules.badInput.body ?? { error: "{message}" }, { message: "not found" }));
  const op = checked.found.op;
  const responses = responsesOf(view, op);
  const prefer = preferOf(decision.headers);
  // Prism: a missing credential wins over every other finding, and answers the spec's 401.
  if (checked.missingCredentials) return specAnswer(view, responses, "401", undefined, 401);
  if (checked.violations.length) {
    const status = INVALID_REQUEST_STATUSES.find((s) => responses[s]);
    const problem = status ? specAnswer(view, responses, status, undefined, 422) : prismProblem(checked.violations);
    const field = rules.violationMessageField;
    if (status && field && isObject(problem.body))
      problem.body = {
        ...problem.body,
        [field]: `Invalid request: ${checked.violations.map((v) => `${v.location}: ${v.expected}`).join("; ")}`,
      };
    return problem;
  }
  const status = prefer.code ?? successStatus(responses);
  if (status === undefined) return json(500, { error: `${checked.operation}: the spec declares no answer` });
  const answer = specAnswer(view, responses, status, prefer.example, 200);
  if (!state || answer.status < 200 || answer.status >= 300) return answer;
  const matched = state.match(method, decision.path, body);
  if (!matched) return answer;
  const stateful = statefulAnswer(state, matched, answer.status, () => answer.body);
  return stateful ? json(stateful.status, stateful.body) : answer;
}

/** The spec's answer for `status` ("default" answers `fallbackStatus`), with its example body. */
function specAnswer(view, responses, status, exampleName, fallbackStatus, extraHeaders = {}) {
  const response = responses[status] ?? (status === "401" ? undefined : responses.default);
  const numeric = /^\d{3}$/.test(status) ? Number(status) : fallbackStatus;
  if (!response) {
    if (status === "401")
      return json(numeric, { type: "UNAUTHORIZED", title: "Invalid security scheme used", status: 401 }, extraHeaders);
    return json(numeric, undefined);
  }
  const { media, body } = exampleBody(view, response, exampleName);
  return {
    status: numeric,
    headers: { ...(media ? { "content-type": media } : {}), ...extraHeaders },
    body,
  };
}

/** What Prism answers a bad request whose operation declares no 422, 400 or default. */
function prismProblem(violations) {
  return json(
    422,
    {
      type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
      title: "Invalid request",
      status: 422,
      detail:
        "Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.",
      validation: violations.map((v) => ({ location: v.location.split(" "), severity: "Error", message: v.expected })),
    },
    {},
  );
}
