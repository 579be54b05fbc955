// Derives, from one bundled spec, everything the clients, docs and mock need:
// the operation table, the RPC action model, the docs view and the mock view.
// All of it is read from the spec (vendor extensions documented in docs/spec-conventions.md);
// nothing here knows a provider.
import { actionsOf, HTTP_METHODS, operationsOf, resolveRef, rpcOperationOf } from "@specforge/model";
import { addCodeSamples, sampleContext } from "./samples.mjs";
import { addWebhookSamples, mockWebhookRules } from "./webhooks.mjs";

const clone = (value) => structuredClone(value);

/** Adds the page-size parameter's default from the spec, which paginators need to spot a short page. */
function withDefaultPageSize(doc, pagination, parameters) {
  const name = pagination.pageSizeParam ?? pagination.limitParam;
  const param = parameters.find((p) => p.name === name && p.in === "query");
  const fallback = resolveRef(doc, param?.schema)?.default;
  return typeof fallback === "number" ? { ...pagination, defaultPageSize: fallback } : { ...pagination };
}

/** Each location's default style (OpenAPI 3.1, Parameter Object: "Default values (based on value of in)"). */
const DEFAULT_STYLE = { path: "simple", query: "form", header: "simple", cookie: "form" };

/**
 * The parameters serialised otherwise than by default, by location and name: only the `style`,
 * `explode` (whose default is true for `form` only) and `allowReserved` a parameter changes, so
 * an operation whose parameters all use the defaults gets none (and its generated code no bytes).
 */
export function paramFormats(parameters) {
  const formats = {};
  for (const location of Object.keys(DEFAULT_STYLE)) {
    for (const param of parameters) {
      if (param?.in !== location || typeof param.name !== "string") continue;
      const format = {};
      const style = param.style ?? DEFAULT_STYLE[location];
      if (style !== DEFAULT_STYLE[location]) format.style = style;
      if (typeof param.explode === "boolean" && param.explode !== (style === "form")) format.explode = param.explode;
      if (location === "query" && param.allowReserved === true) format.allowReserved = true;
      if (Object.keys(format).length === 0) continue;
      formats[location] ??= {};
      formats[location][param.name] = format;
    }
  }
  return Object.keys(formats).length ? formats : undefined;
}

const SINGLE_TYPES = new Set(["string", "number", "integer", "boolean", "null"]);

/**
 * Whether a schema allows one string, number or boolean only: by its types, its enum or const, or
 * all branches of a oneOf / anyOf (one branch of an allOf). Anything else (a list, an object, no
 * type at all) is not, and the operation gets the runtime's `styleParams`.
 */
function isSingleValue(doc, schema, depth = 0) {
  const s = resolveRef(doc, schema);
  if (!s || typeof s !== "object" || depth > 16) return false;
  const types = [s.type].flat().filter((t) => t !== undefined);
  if (types.length) return types.every((t) => SINGLE_TYPES.has(t));
  const values = s.enum ?? ("const" in s ? [s.const] : undefined);
  if (values) return values.length > 0 && values.every((v) => v === null || typeof v !== "object");
  const branches = s.oneOf ?? s.anyOf;
  if (branches?.length) return branches.every((b) => isSingleValue(doc, b, depth + 1));
  return (s.allOf ?? []).some((b) => isSingleValue(doc, b, depth + 1));
}

/** The operation table the runtime facade is built from: operationId -> how to call it. */
export function operationTable(doc) {
  const table = {};
  for (const operation of operationsOf(doc)) {
    if (!operation.operationId) continue;
    const entry = {
      method: operation.method.toUpperCase(),
      path: operation.path,
      idempotent: operation.idempotent,
      secured: operation.secured,
    };
    const media = operation.requestMediaType;
    if (media && media !== "application/json") entry.bodyMediaType = media;
    // The success answer's first media type as the spec lists it (the model's prefers JSON).
    const answer = Object.keys(operation.success?.response?.content ?? {})[0];
    if (answer && !/\bjson\b/.test(answer)) entry.responseMediaType = answer;
    if (operation.pagination) entry.pagination = withDefaultPageSize(doc, operation.pagination, operation.parameters);
    const params = paramFormats(operation.parameters);
    if (params) entry.params = params;
    // Only an operation with a styled, list or object parameter ships the runtime's style serialiser.
    if (params || operation.parameters.some((p) => p.content || !isSingleValue(doc, p.schema))) entry.styled = true;
    if (operation.kind === "rpc") entry.rpc = true;
    table[operation.operationId] = entry;
  }
  return table;
}

/**
 * Redocly's bundler inlines `$ref`s found inside vendor extensions. Put `x-action.response`
 * back as a `$ref` to the component it was inlined from, so the bundle stays one fact per place.
 */
export function restoreActionResponseRefs(doc) {
  const schemas = doc.components?.schemas ?? {};
  let byContent;
  for (const schema of Object.values(schemas)) {
    const meta = schema?.["x-action"];
    if (!meta?.response || meta.response.$ref) continue;
    byContent ??= new Map(Object.entries(schemas).map(([name, s]) => [JSON.stringify(s), name]));
    const name = byContent.get(JSON.stringify(meta.response));
    if (!name) throw new Error("x-action.response must $ref a schema under components.schemas");
    meta.response = { $ref: `#/components/schemas/${name}` };
  }
  return doc;
}

/**
 * The RPC model of an operation with `x-rpc` (the model's actions, in the shape the docs view, the
 * mock view, the samples and the resource model read): one entry per action of its request union.
 */
export function rpcModel(doc) {
  const wire = rpcOperationOf(doc);
  if (!wire) return undefined;
  const rpc = wire.op["x-rpc"];
  const actions = actionsOf(doc, wire).map((a) => ({
    action: a.action,
    requestSchema: a.requestSchemaName,
    responseSchema: a.responseSchemaName,
    summary: a.summary,
    description: a.description,
    tags: a.tags,
    idempotent: a.idempotent,
    // The action's own requirement (the docs and mock views copy it); `secured` counts the document's too.
    security: a.meta.security,
    secured: a.secured,
    provenance: a.meta.provenance ?? "documented",
    deprecated: a.deprecated,
    provenanceNote: a.provenanceNote,
    pagination: a.pagination,
    mock: a.meta.mock,
    requestExample: a.variant.examples?.[0],
    responseExample: resolveRef(doc, a.responseSchema).examples?.[0],
  }));
  return {
    path: wire.path,
    method: wire.method,
    operationId: wire.operationId,
    discriminator: rpc.discriminator,
    envelope: rpc.envelope,
    unknownAction: rpc.unknownAction,
    actions,
  };
}

// ---------------------------------------------------------------------------------------------
// Docs view: what Redoc renders. Provenance markers become visible text, and an RPC operation
// becomes one documented operation per action, grouped by the action's object type.

const INFERRED_BADGE = { name: "Inferred", color: "#b45309" };

function inferredText(note) {
  return `*Inferred: not in the provider's documentation.${note ? ` ${note}` : ""}*`;
}

/** Makes every `x-provenance: inferred` marker visible in descriptions (and badges operations). */
export function makeProvenanceVisible(node, isOperation = false) {
  if (Array.isArray(node)) {
    for (const item of node) makeProvenanceVisible(item);
    return node;
  }
  if (!node || typeof node !== "object") return node;
  if (node["x-provenance"] === "inferred") {
    const marker = inferredText(node["x-provenance-note"]);
    node.description = node.description ? `${marker}\n\n${node.description}` : marker;
    if (isOperation) node["x-badges"] = [...(node["x-badges"] ?? []), INFERRED_BADGE];
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "examples" || key === "example" || key === "x-action") continue;
    if ((key === "paths" || key === "webhooks") && value && typeof value === "object") {
      for (const pathItem of Object.values(value)) {
        for (const [m, op] of Object.entries(pathItem ?? {})) {
          makeProvenanceVisible(op, HTTP_METHODS.includes(m));
        }
      }
      continue;
    }
    makeProvenanceVisible(value);
  }
  return node;
}

/**
 * @param {object} doc  the bundled spec
 * @param {object} [rpc]  its RPC model
 * @param {object} [api]  its registry entry (config.mjs): with `x-specforge.client`, every
 *   operation gets `x-codeSamples` (TypeScript and curl, samples.mjs)
 */
export function docsView(doc, rpc, api) {
  const view = clone(doc);
  if (rpc) {
    const original = view.paths[rpc.path][rpc.method];
    delete view.paths[rpc.path][rpc.method];
    if (Object.keys(view.paths[rpc.path]).length === 0) delete view.paths[rpc.path];
    for (const a of rpc.actions) {
      const op = {
        operationId: a.action,
        summary: a.summary,
        description:
          `${a.description}\n\nSent as \`${rpc.method.toUpperCase()} ${rpc.path}\` with \`"${rpc.discriminator}": "${a.action}"\` in the JSON body.`.trim(),
        tags: a.tags,
        ...(a.security ? { security: a.security } : {}),
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: `#/components/schemas/${a.requestSchema}` },
              ...(a.requestExample ? { examples: { [a.action]: { value: a.requestExample } } } : {}),
            },
          },
        },
        responses: {
          ...structuredClone(original.responses),
          200: {
            description: `The envelope with the result of \`${a.action}\`.`,
            content: {
              "application/json": {
                schema: { $ref: `#/components/schemas/${a.responseSchema}` },
                ...(a.responseExample ? { examples: { [a.action]: { value: a.responseExample } } } : {}),
              },
            },
          },
        },
        ...(a.idempotent ? {} : { "x-idempotent": false }),
      };
      if (a.provenance === "inferred") {
        op["x-provenance"] = "inferred";
        if (a.provenanceNote) op["x-provenance-note"] = a.provenanceNote;
      }
      view.paths[`${rpc.path}#${a.action}`] = { [rpc.method]: op };
    }
  }
  const samples = sampleContext(api);
  if (samples) addCodeSamples(view, doc, rpc, samples);
  if (samples) addWebhookSamples(view, doc, samples.packageName);
  return makeProvenanceVisible(view);
}

// ---------------------------------------------------------------------------------------------
// Mock view: a spec Prism can serve as the real API answers. Prism routes by path and checks
// oauth2 as `Bearer`, so RPC actions get one derived route each, and oauth2 schemes whose token
// travels otherwise (`x-token-header`) become the equivalent apiKey header. `x-specforge-mock`
// tells the request router in front of Prism what to do; the rules all come from the spec.

export const ACTION_ROUTE_SEGMENT = "__action";

/**
 * Prism answers with a media type's `example`, else its schema's first `examples` entry, before
 * any named example. Make the first named example the default, so a response answers with its
 * own example rather than a shared schema's (e.g. a 400 with the 400 example, not the error
 * schema's generic one).
 */
function preferNamedExamples(node) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach(preferNamedExamples);
  if (
    "schema" in node &&
    node.examples &&
    typeof node.examples === "object" &&
    !Array.isArray(node.examples) &&
    !("example" in node)
  ) {
    const first = Object.values(node.examples)[0];
    if (first && typeof first === "object" && "value" in first) node.example = first.value;
  }
  for (const value of Object.values(node)) if (value && typeof value === "object") preferNamedExamples(value);
}

export function mockView(doc, rpc) {
  const view = clone(doc);
  const rawTokenHeaders = [];
  for (const scheme of Object.values(view.components?.securitySchemes ?? {})) {
    const header = scheme["x-token-header"];
    if (scheme.type === "oauth2" && header && header.prefix === "") {
      for (const key of Object.keys(scheme)) delete scheme[key];
      Object.assign(scheme, { type: "apiKey", in: "header", name: header.name });
      rawTokenHeaders.push(header.name.toLowerCase());
    }
  }
  preferNamedExamples(view.paths);
  preferNamedExamples(view.components?.responses);
  const router = { exampleBy: [] };
  // The real API refuses `Bearer <token>` where it wants the raw token; the router drops such a
  // header so Prism answers 401 as the API would.
  if (rawTokenHeaders.length) router.rawTokenHeaders = rawTokenHeaders;
  // Which field of the provider's error body carries the message: the router writes Prism's
  // validation findings there, so a 4xx names the bad field the way the provider would.
  if (view["x-mock"]?.violationMessageField) router.violationMessageField = view["x-mock"].violationMessageField;
  for (const { path, method, op } of operationsOf(view)) {
    if (op["x-mock"]?.exampleBy)
      router.exampleBy.push({ method: method.toUpperCase(), path, ...op["x-mock"].exampleBy });
  }
  if (rpc) {
    const original = view.paths[rpc.path][rpc.method];
    delete view.paths[rpc.path][rpc.method];
    if (Object.keys(view.paths[rpc.path]).length === 0) delete view.paths[rpc.path];
    const routes = {};
    for (const a of rpc.actions) {
      const route = `${rpc.path}/${ACTION_ROUTE_SEGMENT}/${a.action}`;
      routes[a.action] = route;
      const responseSchema = view.components.schemas[a.responseSchema];
      // Every example of the action's response schema becomes a named example `<action>-<i>`;
      // `x-action.mock.exampleBy` maps a request value (e.g. the body's offset) to one of them.
      const examples = Object.fromEntries(
        (responseSchema.examples ?? []).map((value, i) => [`${a.action}-${i}`, { value }]),
      );
      const exampleBy = a.mock?.exampleBy;
      if (exampleBy) {
        router.exampleBy.push({
          method: rpc.method.toUpperCase(),
          path: route,
          in: exampleBy.in,
          name: exampleBy.name,
          examples: Object.fromEntries(
            Object.entries(exampleBy.examples).map(([value, index]) => [value, `${a.action}-${index}`]),
          ),
        });
      }
      view.paths[route] = {
        [rpc.method]: {
          operationId: a.action,
          summary: a.summary,
          ...(a.security ? { security: a.security } : { security: view.security ?? [] }),
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: `#/components/schemas/${a.requestSchema}` } } },
          },
          responses: {
            ...structuredClone(original.responses),
            200: {
              description: a.summary,
              content: {
                "application/json": {
                  schema: { $ref: `#/components/schemas/${a.responseSchema}` },
                  ...(Object.keys(examples).length ? { examples } : {}),
                },
              },
            },
          },
        },
      };
    }
    router.rpc = {
      method: rpc.method.toUpperCase(),
      path: rpc.path,
      discriminator: rpc.discriminator,
      routes,
      unknownAction: rpc.unknownAction,
    };
  }
  const webhooks = mockWebhookRules(view);
  if (webhooks) router.webhooks = webhooks;
  view["x-specforge-mock"] = router;
  return view;
}
