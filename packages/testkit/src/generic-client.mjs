// A generic plan for driving any client package, derived only from what the package ships: its
// manifest (`openapi/specforge.json`: the factory and its options, the mocks its options point
// at), its bundled spec (idempotency, security, the success answers' examples, through
// @specforge/model) and its docs samples file (`<api>.samples.json`: the call each operation's
// sample makes, and its argument). The suites use it for every provider they have no
// hand-written driver or scenario for (a provider added with `npm run add-provider`), and run it
// on the providers they do have, so the generic path is tested here too.
//
// The plan is plain JSON (it crosses into browsers and workers in the ecosystem suite): the
// factory's options keep `{mock:<api>}` where a URL goes; `fillUrls` puts the URLs in.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { operationsOf, resolveRef, schemaExample } from "@specforge/model";
import { readManifest } from "@specforge/model/manifest";

/** The call a docs sample makes: `await <client>.<method>(<argument>)`, alone or as `const result = ...`. */
const SAMPLE_CALL = /^(?:const result = )?await [A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)\(([\s\S]*?)\);$/m;

/** A made-up credential per option (distinct, long enough to find in any text that leaks it). */
const credential = (key) => `generic-${key.replace(/[^A-Za-z0-9]/g, "")}-c7f3a9e1d2b4`;

/** The call of an operation's docs sample: its method name and argument (a JSON value), or undefined. */
export function sampleCall(source) {
  const match = SAMPLE_CALL.exec(source ?? "");
  if (!match) return undefined;
  const text = match[2].trim();
  // The argument is codegen's TypeScript literal of a JSON value (identifier keys unquoted).
  const init = text ? vm.runInNewContext(`(${text})`, Object.create(null), { timeout: 1000 }) : undefined;
  return { method: match[1], init: init === undefined ? undefined : JSON.parse(JSON.stringify(init)) };
}

/** Every string of `value` (deeply) with `{mock:<api>}` replaced by `urls[api]`. */
export function fillUrls(value, urls) {
  if (typeof value === "string")
    return value.replace(/\{mock:([^}]+)\}/g, (found, api) => {
      if (!(api in urls)) throw new Error(`no URL for the mock "${api}" (${found})`);
      return urls[api];
    });
  if (Array.isArray(value)) return value.map((v) => fillUrls(v, urls));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillUrls(v, urls)]));
  return value;
}

/** A success answer of an operation as JSON: the spec's example, else a value made from its schema. */
function answerOf(doc, operation) {
  const success = operation.responses.find((r) => r.success);
  if (!success) return undefined;
  const status = Number(success.status) || 200;
  if (operation.kind === "action") {
    const body = exampleFrom(doc, operation.responseSchema);
    return body === undefined ? undefined : { status, body };
  }
  const content = success.response?.content ?? {};
  const type = Object.keys(content).find((t) => /json/i.test(t));
  if (!type) return Object.keys(content).length ? undefined : { status, body: undefined };
  const media = resolveRef(doc, content[type]);
  const named = Object.values(media.examples ?? {}).map((e) => resolveRef(doc, e)?.value)[0];
  const given = media.example ?? named ?? schemaExample(doc, media.schema);
  if (given !== undefined) return { status, body: given };
  const made = exampleFrom(doc, media.schema);
  return made === undefined ? undefined : { status, body: made };
}

/** A value a schema accepts, made from its types (required properties only), for a schema with no example. */
function exampleFrom(doc, schema, depth = 0) {
  const s = resolveRef(doc, schema);
  if (!s || typeof s !== "object" || depth > 8) return undefined;
  const given = schemaExample(doc, s);
  if (given !== undefined) return given;
  for (const key of ["allOf", "oneOf", "anyOf"])
    if (Array.isArray(s[key]) && s[key].length) {
      if (key !== "allOf") return exampleFrom(doc, s[key][0], depth + 1);
      return Object.assign({}, ...s[key].map((b) => exampleFrom(doc, b, depth + 1) ?? {}));
    }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "string") return s.format === "date-time" ? "2024-01-01T00:00:00Z" : "value";
  if (type === "array") return [];
  if (type === "object" || s.properties) {
    const out = {};
    for (const key of s.required ?? []) out[key] = exampleFrom(doc, s.properties?.[key], depth + 1) ?? "value";
    return out;
  }
  return undefined;
}

/** The factory's options from the manifest: a made-up credential for each, `{mock:<api>}` for each URL. */
function optionsOf(doc, client) {
  const urls = Object.fromEntries(Object.entries(client.mockEnv ?? {}));
  const schemes = doc.components?.securitySchemes ?? {};
  const secrets = [];
  const schemesGiven = new Set();
  const resolve = (key, option) => {
    if (option === null || typeof option !== "object" || !option.env) return option;
    if (option.env in urls) return urls[option.env];
    if (option.scheme) schemesGiven.add(option.scheme);
    const scheme = resolveRef(doc, schemes[option.scheme]);
    if (scheme?.type === "http" && String(scheme.scheme).toLowerCase() === "basic") {
      const value = { username: credential(`${key}user`), password: credential(`${key}password`) };
      secrets.push(value.username, value.password);
      return value;
    }
    const value = credential(key);
    secrets.push(value);
    return value;
  };
  const options = {};
  for (const [key, option] of Object.entries(client.options ?? {})) {
    const group =
      option &&
      typeof option === "object" &&
      !option.env &&
      Object.values(option).some((v) => v && typeof v === "object" && "env" in v);
    options[key] = group
      ? Object.fromEntries(Object.entries(option).map(([inner, v]) => [inner, resolve(inner, v)]))
      : resolve(key, option);
  }
  return { options, secrets, schemesGiven };
}

/** Why the client cannot send the credentials an operation needs, or undefined when it can. */
function authProblem(doc, operation, schemesGiven, options) {
  const requirement = (operation.security ?? doc.security ?? [])[0];
  if (!requirement || !operation.secured) return undefined;
  for (const name of Object.keys(requirement)) {
    const scheme = resolveRef(doc, doc.components?.securitySchemes?.[name]);
    if (!scheme) return `its security scheme "${name}" is not defined`;
    if (scheme.type === "mutualTLS") return `its security scheme "${name}" is mutualTLS (a client certificate)`;
    // An option tied to the scheme, or (a factory of its own) any option that is a credential.
    const anyCredential = Object.values(options).some((o) => typeof o === "string" && o.startsWith("generic-"));
    if (!schemesGiven.has(name) && !anyCredential)
      return `the manifest's client options give no credential for its security scheme "${name}"`;
  }
  return undefined;
}

/**
 * One plan per API of a client package that is not another's companion (a token endpoint).
 * @param {string} packageDir the client package's folder (in the workspace, or installed)
 * @returns {import("./generic-client.d.ts").GenericPlan[]}
 */
export function genericPlans(packageDir) {
  const installed = readManifest(path.join(packageDir, "openapi", "specforge.json"), packageDir);
  const companions = new Set(installed.flatMap((api) => api.startsWith ?? []));
  return installed.filter((api) => !companions.has(api.name)).map((api) => planOf(api));
}

function planOf(api) {
  const plan = {
    api: api.name,
    packageName: api.packageName,
    factory: api.client?.factory ?? "",
    options: {},
    secrets: [],
  };
  if (!api.client?.factory)
    return { ...plan, undrivable: `its manifest does not say how to create its client (no "client" factory)` };
  if (!api.samples) return { ...plan, undrivable: `its manifest lists no docs samples file (<api>.samples.json)` };
  const doc = JSON.parse(fs.readFileSync(api.bundle, "utf8"));
  const samples = JSON.parse(fs.readFileSync(api.samples, "utf8")).samples ?? {};
  const { options, secrets, schemesGiven } = optionsOf(doc, api.client);
  Object.assign(plan, { options, secrets, mocks: Object.keys(api.mocks ?? {}) });
  const operations = operationsOf(doc, { actions: true }).filter((o) => o.kind !== "rpc" && o.operationId);
  const callable = operations
    .map((operation) => ({ operation, call: sampleCall(samples[operation.operationId]) }))
    .filter((c) => c.call);
  // A read: a safe operation first (GET, or an idempotent action), then any idempotent one but DELETE.
  const reads = callable.filter(
    (c) => c.operation.idempotent && c.operation.method !== "delete" && answerOf(doc, c.operation),
  );
  reads.sort((a, b) => rank(a) - rank(b));
  const read = reads[0];
  if (!read)
    return {
      ...plan,
      undrivable: "it has no idempotent operation with a docs sample and a JSON success answer to drive as a read",
    };
  const problem = authProblem(doc, read.operation, schemesGiven, options);
  if (problem) return { ...plan, undrivable: `${read.operation.operationId}: ${problem}` };
  const ok = answerOf(doc, read.operation);
  plan.read = {
    operation: read.operation.operationId,
    method: read.call.method,
    init: read.call.init ?? {},
    ok: { status: ok.status, body: ok.body },
  };
  const create = callable.find((c) => !c.operation.idempotent && !authProblem(doc, c.operation, schemesGiven, options));
  if (create)
    plan.create = { operation: create.operation.operationId, method: create.call.method, init: create.call.init ?? {} };
  return plan;
}

/** Calls that send credentials first (the secrets are on the wire), reads, then calls without arguments. */
function rank({ operation, call }) {
  return (
    (operation.secured ? 0 : 8) +
    (operation.readOnly ? 0 : 4) +
    (operation.pagination ? 1 : 0) +
    (call.init === undefined || Object.keys(call.init).length === 0 ? 0 : 2)
  );
}
