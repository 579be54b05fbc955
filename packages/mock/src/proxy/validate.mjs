// Checks one request/answer exchange against an API's mock view: the operation it reaches (for an
// RPC API, the action's own derived route, found by the router's own `route`), its parameters,
// credentials and body, then the answer's status, content type, required headers and body schema
// (the action's own response schema for RPC), fields the spec does not declare, and an error body
// sent with a success status where the spec answers with a 4xx. Knows no provider.
import { HTTP_METHODS, pathMatcher, pointerTo, resolveRef, templateMatcher } from "@specforge/model";
import { route } from "../serve/route.mjs";
import { bundleValidator } from "../spec-ajv.mjs";
import { compiledView } from "../view.mjs";
import { checkRequest } from "./validate-request.mjs";
import { checkResponse } from "./validate-response.mjs";
import { describeAjvError, MAX_VIOLATIONS_PER_EXCHANGE, show, usefulErrors } from "./violations.mjs";

export { show };

/**
 * @param {{ view?: object, compiled?: ReturnType<typeof compiledView>, envelope?: { success?: string, message?: string }, redact?: (text: string) => string }} api
 *   the mock view (or `compiled`, its compileMockView); `envelope`: the RPC envelope's field names (the bundle's `x-rpc.envelope`);
 *   `redact`: applied to every value shown in a violation, before it is shortened
 */
export function createValidator({ view: given, compiled = compiledView(given), envelope, redact }) {
  const display = (value) => show(value, redact);
  const { view, contract: routerSpec, rules } = compiled;
  const validatorAt = bundleValidator(view, "view.json");
  const rpc = routerSpec.rpc;
  const actionRoutes = new Set(Object.values(rpc?.routes ?? {}));
  const ops = [];
  for (const [template, rawItem] of Object.entries(view.paths ?? {})) {
    const item = resolveRef(view, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      ops.push({
        template,
        method,
        op: item[method],
        item,
        ...templateMatcher(template),
        pointer: pointerTo("paths", template, method),
      });
    }
  }

  // The model's one matcher, per method: a literal path wins over a template (RPC routes apart).
  const restMatchers = new Map();
  for (const method of HTTP_METHODS) {
    const entries = ops.filter((o) => o.method === method && !actionRoutes.has(o.template));
    restMatchers.set(method, pathMatcher(entries.map((o) => ({ template: o.template, value: o }))));
  }

  const schemaCheck = (pointer, value) => {
    const validate = validatorAt(pointer);
    return validate(value) ? [] : usefulErrors(validate.errors ?? []);
  };

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
      : restMatchers.get(method)?.match(target)?.value;
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

    const ctx = {
      view,
      x,
      headers,
      url,
      target,
      found,
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
    };
    checkResponse(ctx, checkRequest(ctx));
    return { operation, violations };
  }

  return { check, rules };
}

/** One line per violation: operation, location, what the spec says, what came back. */
export function violationLine(v) {
  return `${v.operation}: ${v.location}: spec says ${v.expected}; got ${v.actual}`;
}
