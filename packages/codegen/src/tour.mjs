// The tour's plan (`x-specforge-tour` in the mock view): for every operation (and every RPC action)
// the request the docs' code samples show (samples.mjs: the same parameters, body and first page),
// whether it only reads, and where its credentials travel. `specforge-mock <api> --upstream <url>
// --tour` replays it through the validating proxy. Nothing here knows a provider.
import { operationsOf, READ_METHODS, resolveRef } from "@specforge/model";
import { requestOf } from "./request-examples.mjs";
import { credentialEnv, firstPageOnly, queryString, schemesOf } from "./samples.mjs";

/** Where a scheme's credential travels, and the variable the samples read it from. */
function credentialOf({ name, scheme }, env) {
  const variable = env(name);
  if (scheme.type === "apiKey") return { scheme: name, in: scheme.in, name: scheme.name, env: variable };
  if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") {
    return { scheme: name, in: "header", name: "Authorization", prefix: "Basic ", encode: "base64", env: variable };
  }
  const header = scheme["x-token-header"] ?? { name: "Authorization", prefix: "Bearer " };
  return { scheme: name, in: "header", name: header.name, prefix: header.prefix ?? "", env: variable };
}

const stringValues = (object) =>
  Object.fromEntries(
    Object.entries(object ?? {}).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)]),
  );

/**
 * @param {object} doc  the bundled spec
 * @param {object|undefined} rpc  its RPC model (derive.mjs rpcModel)
 * @param {{ name: string, client?: object }} api  its registry entry (for the credentials' variables)
 * @returns {Array<object>} one step per operation or action, in document order
 */
export function tourPlan(doc, rpc, api) {
  const setup = api?.client ?? {};
  const env = (scheme) => credentialEnv(setup, api?.name ?? "api", scheme);
  const steps = [];
  for (const { path, method, op, pathItem } of operationsOf(doc)) {
    if (op["x-rpc"] && rpc) {
      for (const a of rpc.actions) {
        const schemes = schemesOf(doc, { security: a.security ?? doc.security });
        steps.push({
          operation: a.action,
          method: method.toUpperCase(),
          path,
          readOnly: a.idempotent,
          credentials: schemes.map((s) => credentialOf(s, env)),
          mediaType: "application/json",
          body: { [rpc.discriminator]: a.action, ...(a.requestExample ?? {}) },
        });
      }
      continue;
    }
    if (!op.operationId) continue;
    const { init, mediaType, params } = requestOf(doc, pathItem, op);
    firstPageOnly(init, params, op["x-pagination"]);
    const schemes = schemesOf(doc, op).map((s) => ({ ...s, scheme: resolveRef(doc, s.scheme) ?? {} }));
    steps.push({
      operation: op.operationId,
      method: method.toUpperCase(),
      path,
      readOnly: READ_METHODS.has(method),
      credentials: schemes.map((s) => credentialOf(s, env)),
      ...(init.path ? { pathParams: stringValues(init.path) } : {}),
      ...(init.query ? { query: queryString(params, init.query) } : {}),
      ...(init.header ? { headers: stringValues(init.header) } : {}),
      ...(mediaType ? { mediaType, body: init.body } : {}),
    });
  }
  return steps;
}
