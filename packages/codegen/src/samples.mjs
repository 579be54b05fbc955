// Code samples for the docs view (`x-codeSamples`): for every operation (and every RPC action),
// the client package's own call in TypeScript and the wire request in curl. Everything comes
// from the spec (servers, security schemes, parameters and their examples, request examples,
// `x-pagination`, `x-rpc`) and from the API's registry entry in redocly.yaml:
// `x-specforge.package` (the client package, whose package.json names it) and
// `x-specforge.client` (how its factory is called; see docs/spec-conventions.md). Nothing here
// knows a provider. The e2e suite compiles every TypeScript sample and runs every sample against
// the mock (packages/e2e/test/samples.test.ts).
import { resolveRef as resolve, serverUrl } from "@specforge/model";
import { exampleChecker } from "./example-check.mjs";
import { methodName } from "./names.mjs";
import { requestOf } from "./request-examples.mjs";

export const SAMPLE_LANGS = { typescript: "TypeScript", curl: "Shell" };
export const SAMPLE_LABELS = { typescript: "TypeScript", curl: "curl" };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 72;

// ---------------------------------------------------------------------------------------------
// Rendering values

/** A JSON value as a TypeScript literal: identifier keys unquoted, one line when it fits. */
export function tsLiteral(value, indent = "", width = WIDTH) {
  const flat = tsFlat(value);
  if (flat.length + indent.length <= width || value === null || typeof value !== "object") return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner, width)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${tsKey(k)}: ${tsLiteral(v, inner, width)},`).join("\n")}\n${indent}}`;
}

const tsKey = (key) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

function tsFlat(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(tsFlat).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${tsKey(k)}: ${tsFlat(v)}`).join(", ")} }`;
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

// ---------------------------------------------------------------------------------------------
// Security: which schemes an operation needs (the first requirement that names any)

export function schemesOf(doc, op) {
  const security = op.security ?? doc.security ?? [];
  if (security.length === 0 || security.some((req) => Object.keys(req).length === 0)) return [];
  return Object.keys(security[0]).map((name) => ({
    name,
    scheme: resolve(doc, doc.components?.securitySchemes?.[name]) ?? {},
  }));
}

export const envName = (api, scheme) =>
  `${api}_${scheme}`
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();

/** The env variable holding a scheme's credential in curl samples. */
export function credentialEnv(setup, apiName, schemeName) {
  if (setup.curlEnv?.[schemeName]) return setup.curlEnv[schemeName];
  const options = Object.values(setup.options ?? {}).flatMap((option) =>
    isGroup(option) ? Object.values(option) : [option],
  );
  for (const option of options) {
    if (option && typeof option === "object" && option.scheme === schemeName && option.env) return option.env;
  }
  return envName(apiName, schemeName);
}

// ---------------------------------------------------------------------------------------------
// TypeScript

/** An option that is a group of options (e.g. `credentials: {ApiKey: {env, scheme}}`), not a value marker. */
const isGroup = (option) =>
  option !== null &&
  typeof option === "object" &&
  !Array.isArray(option) &&
  !("env" in option) &&
  Object.values(option).some((v) => v && typeof v === "object" && "env" in v);

function optionValue(option, server, keep = () => true, indent = "  ") {
  if (option === null || typeof option !== "object") return tsLiteral(option);
  if (isGroup(option)) {
    const inner = Object.entries(option).filter(([, v]) => keep(v));
    return `{\n${inner.map(([k, v]) => `${indent}  ${tsKey(k)}: ${optionValue(v, server, keep, `${indent}  `)},`).join("\n")}\n${indent}}`;
  }
  if (option.env) {
    const env = `process.env.${option.env}`;
    if (option.default === undefined) return `${env}!`;
    return `${env} ?? ${JSON.stringify(String(option.default).replace("{server}", server))}`;
  }
  return tsLiteral(option);
}

function factoryCall(setup, { server, schemes, secured }) {
  const needed = new Set(schemes.map((s) => s.name));
  const lines = [];
  // An option that carries a scheme's credential is left out where the operation needs none.
  const keep = (option) =>
    !(option && typeof option === "object" && option.scheme && !(secured && needed.has(option.scheme)));
  for (const [key, option] of Object.entries(setup.options ?? {})) {
    if (!keep(option)) continue;
    if (isGroup(option) && !Object.values(option).some(keep)) continue;
    lines.push(`  ${tsKey(key)}: ${optionValue(option, server, keep)},`);
  }
  return lines.length ? `${setup.factory}({\n${lines.join("\n")}\n})` : `${setup.factory}()`;
}

function tsCallArgs(init, indent = "") {
  return Object.keys(init).length ? tsLiteral(init, indent) : "";
}

/**
 * @param {object} o
 * @param {string} o.packageName  the client package
 * @param {object} o.setup        x-specforge.client
 * @param {string} o.operationId
 * @param {string} o.server       the spec's first server URL
 * @param {Array<{name: string}>} o.schemes
 * @param {boolean} o.secured
 * @param {object} o.init         what the call takes ({path, query, header, body} or RPC params)
 * @param {object|undefined} o.pageInit  the paginate form's argument, when the operation pages
 * @param {boolean} o.returnsData
 */
export function typescriptSample(o) {
  const client = o.setup.client ?? "client";
  const override = o.setup.calls?.[o.operationId];
  const lines = [
    `import { ${o.setup.factory} } from ${JSON.stringify(o.packageName)};`,
    "",
    `const ${client} = ${factoryCall(o.setup, o)};`,
    "",
  ];
  if (override) {
    const call = typeof override === "string" ? { call: override } : override;
    if (call.comment) lines.push(`// ${call.comment}`);
    lines.push(`const result = await ${client}.${call.call};`, "console.log(result);");
    return lines.join("\n");
  }
  const args = tsCallArgs(o.init);
  const member = (id) => `.${methodName(id)}`;
  const call = `await ${client}${member(o.operationId)}(${args})`;
  if (o.returnsData) lines.push(`const result = ${call};`, "console.log(result);");
  else lines.push(`${call};`);
  if (o.pageInit) {
    lines.push(
      "",
      "// Every item of every page (the client requests the next page until the last):",
      `for await (const item of ${client}.paginate${member(o.operationId)}(${tsCallArgs(o.pageInit)})) {`,
      "  console.log(item);",
      "}",
    );
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// curl

export function queryString(params, query) {
  const search = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    const p = params.find((x) => x.in === "query" && x.name === name);
    const explode = p?.explode ?? (p?.style ?? "form") === "form";
    const add = (v) =>
      search.push(
        `${encodeURIComponent(name)}=${encodeURIComponent(typeof v === "object" ? JSON.stringify(v) : String(v))}`,
      );
    if (Array.isArray(value)) {
      if (explode) value.forEach(add);
      else add(value.join(","));
    } else add(value);
  }
  return search.length ? `?${search.join("&")}` : "";
}

function headerValueOf(value) {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * @param {object} o
 * @param {string} o.method
 * @param {string} o.url          server + path with the path parameters filled in
 * @param {Array<{name: string, scheme: object}>} o.schemes
 * @param {(scheme: string) => string} o.env   the env variable of a scheme's credential
 * @param {Record<string, unknown>} [o.headers]
 * @param {string} [o.mediaType]
 * @param {unknown} [o.body]
 */
export function curlSample(o) {
  const parts = [];
  let url = o.url;
  for (const { name, scheme } of o.schemes) {
    const variable = `$${o.env(name)}`;
    if (scheme.type === "apiKey" && scheme.in === "header") parts.push(`-H "${scheme.name}: ${variable}"`);
    else if (scheme.type === "apiKey" && scheme.in === "cookie") parts.push(`-H "Cookie: ${scheme.name}=${variable}"`);
    // The key joins the URL outside its single quotes, so the shell expands the variable.
    else if (scheme.type === "apiKey" && scheme.in === "query")
      url += `${url.includes("?") ? "&" : "?"}${encodeURIComponent(scheme.name)}=\u0000${variable}\u0000`;
    else if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") parts.push(`-u "${variable}"`);
    else if (scheme.type === "oauth2" || scheme.type === "openIdConnect" || scheme.type === "http") {
      const header = scheme["x-token-header"] ?? { name: "Authorization", prefix: "Bearer " };
      parts.push(`-H "${header.name}: ${header.prefix ?? ""}${variable}"`);
    }
  }
  for (const [name, value] of Object.entries(o.headers ?? {}))
    parts.push(`-H ${shellQuote(`${name}: ${headerValueOf(value)}`)}`);
  if (o.mediaType) {
    parts.push(`-H ${shellQuote(`Content-Type: ${o.mediaType}`)}`);
    let data;
    if (o.mediaType === "application/x-www-form-urlencoded" && o.body && typeof o.body === "object") {
      data = new URLSearchParams(Object.entries(o.body).map(([k, v]) => [k, headerValueOf(v)])).toString();
    } else if (/json/.test(o.mediaType)) {
      const flat = JSON.stringify(o.body);
      data = flat.length > 72 ? JSON.stringify(o.body, null, 2) : flat;
    } else data = headerValueOf(o.body);
    parts.push(`-d ${shellQuote(data)}`);
  }
  const quotedUrl = url
    .split("\u0000")
    .map((part, i) => (i % 2 ? `"${part}"` : part ? shellQuote(part) : ""))
    .join("");
  const first = o.method === "GET" ? `curl ${quotedUrl}` : `curl -X ${o.method} ${quotedUrl}`;
  return [first, ...parts].join(" \\\n  ");
}

/**
 * Parses a curl sample as written by `curlSample` back into a request (for tests: no curl binary
 * needed). `env` resolves `$NAME` references.
 * @returns {{ method: string, url: string, headers: Record<string, string>, body?: string }}
 */
export function parseCurl(source, env = {}) {
  const words = [];
  let i = 0;
  const text = source.replace(/\\\n/g, " ");
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let word = "";
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        word += text.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        let j = i + 1;
        while (text[j] !== '"') {
          if (text[j] === "\\") j++;
          word += text[j];
          j++;
        }
        word = word.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name) => {
          if (!(name in env)) throw new Error(`curl sample uses $${name}, which is not set`);
          return env[name];
        });
        i = j + 1;
      } else if (c === "\\") {
        word += text[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  if (words[0] !== "curl") throw new Error("not a curl command");
  const request = { method: "GET", url: "", headers: {} };
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    if (w === "-X") request.method = words[++k];
    else if (w === "-H") {
      const h = words[++k];
      const colon = h.indexOf(":");
      request.headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    } else if (w === "-d") request.body = words[++k];
    // curl sends `-u user[:password]` as HTTP basic credentials.
    else if (w === "-u") request.headers.Authorization = `Basic ${btoa(words[++k])}`;
    else if (w.startsWith("-")) throw new Error(`unsupported curl option ${w}`);
    else request.url = w;
  }
  return request;
}

// ---------------------------------------------------------------------------------------------
// The docs view's samples

function returnsData(doc, op) {
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (/^2/.test(status) && Object.keys(resolve(doc, response)?.content ?? {}).length) return true;
  }
  return false;
}

function withoutKeys(object, keys) {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([k]) => !keys.includes(k)));
}

/** The paginate form's argument: the call's, without the parameters the paginator drives. */
function pageInitOf(init, pagination, inBody) {
  const driven = [pagination.cursorParam, pagination.offsetParam, pagination.upperParam].filter(Boolean);
  if (inBody) return withoutKeys(init, driven);
  const out = { ...init };
  if (out.query) {
    out.query = withoutKeys(out.query, driven);
    if (Object.keys(out.query).length === 0) delete out.query;
  }
  return out;
}

export const fillPath = (template, values) =>
  template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(values?.[name] ?? name)));

/** The first page: no cursor (the spec's cursor example belongs to some later page). */
export function firstPageOnly(init, params, pagination) {
  if (!pagination?.cursorParam || !init.query) return init;
  const p = params.find((x) => x.in === "query" && x.name === pagination.cursorParam);
  if (!p?.required) {
    delete init.query[pagination.cursorParam];
    if (Object.keys(init.query).length === 0) delete init.query;
  }
  return init;
}

/** The API's sample setup and its package's name, from its registry entry (config.mjs). */
export function sampleContext(api) {
  const setup = api?.client;
  if (!setup) return undefined;
  if (typeof setup.factory !== "string")
    throw new Error(`redocly.yaml: apis.${api.name}.x-specforge.client needs a factory`);
  return { apiName: api.name, packageName: api.packageName, setup, imported: api.imported === true };
}

/**
 * Adds `x-codeSamples` (TypeScript, curl) to every operation of a docs view.
 * @param {object} view   the docs view (RPC actions already expanded)
 * @param {object} doc    the bundled spec
 * @param {object|undefined} rpc  the RPC model (derive.mjs rpcModel)
 * @param {{ apiName: string, packageName: string, setup: object }} context
 */
export function addCodeSamples(view, doc, rpc, context) {
  const { apiName, packageName, setup } = context;
  // An imported spec's examples may not fit their schemas: a sample must compile and pass the mock.
  const fits = context.imported ? exampleChecker(doc) : undefined;
  // The server's variables take their defaults, as a reader would fill them in.
  const server = (doc.servers?.[0] ? serverUrl(doc.servers[0]) : "http://localhost").replace(/\/$/, "");
  const actions = new Map((rpc?.actions ?? []).map((a) => [a.action, a]));
  const env = (scheme) => credentialEnv(setup, apiName, scheme);
  for (const [pathKey, pathItem] of Object.entries(view.paths ?? {})) {
    for (const [method, op] of Object.entries(pathItem ?? {})) {
      if (!op?.operationId || !op.responses) continue;
      const action = actions.get(op.operationId);
      const schemes = schemesOf(doc, op);
      const common = {
        packageName,
        setup,
        operationId: op.operationId,
        server,
        schemes,
        secured: schemes.length > 0,
        returnsData: returnsData(doc, op),
      };
      let typescript;
      let curl;
      if (action && pathKey.startsWith(`${rpc.path}#`)) {
        const body = { [rpc.discriminator]: action.action, ...(action.requestExample ?? {}) };
        const params = withoutKeys(body, [rpc.discriminator]);
        typescript = typescriptSample({
          ...common,
          init: params,
          pageInit: action.pagination ? pageInitOf(params, action.pagination, true) : undefined,
        });
        curl = curlSample({
          method: rpc.method.toUpperCase(),
          url: `${server}${rpc.path}`,
          schemes,
          env,
          mediaType: "application/json",
          body,
        });
      } else {
        const { init, mediaType, params } = requestOf(doc, pathItem, op, fits);
        const pagination = op["x-pagination"];
        firstPageOnly(init, params, pagination);
        typescript = typescriptSample({
          ...common,
          init,
          pageInit: pagination ? pageInitOf(init, pagination, false) : undefined,
        });
        curl = curlSample({
          method: method.toUpperCase(),
          url: `${server}${fillPath(pathKey, init.path)}${queryString(params, init.query)}`,
          schemes,
          env,
          headers: init.header,
          mediaType,
          body: init.body,
        });
      }
      op["x-codeSamples"] = [
        { lang: SAMPLE_LANGS.typescript, label: SAMPLE_LABELS.typescript, source: typescript },
        { lang: SAMPLE_LANGS.curl, label: SAMPLE_LABELS.curl, source: curl },
      ];
    }
  }
  return view;
}
