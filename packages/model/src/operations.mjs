// The operations of a bundled document, read once: every engine (client tables, docs and samples,
// mock router, state and validator, proxy and tour, MCP, webhooks, importer) lists operations
// through `operationsOf`, so parameters are merged, bodies and responses resolved, and security,
// paging and provenance read in one place. An RPC operation (`x-rpc`: one wire operation whose
// JSON body's discriminator picks the action) also yields each action as an operation of its own.
import { HTTP_METHODS, IDEMPOTENT_METHODS, pointerTo, READ_METHODS, refName, resolveRef } from "./refs.mjs";

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/i;

/** Whether a media type is JSON (`application/json`, `application/problem+json`, ...). */
export const isJsonMedia = (mediaType) => JSON_MEDIA.test(String(mediaType).split(";")[0].trim());

/** Whether a security requirement list demands credentials (`[]` or a `{}` entry means it does not). */
export function needsCredentials(security) {
  if (!security || security.length === 0) return false;
  return !security.some((req) => Object.keys(req).length === 0);
}

/**
 * A path item's and an operation's parameters, resolved, in one list: the operation's parameter
 * replaces the path item's of the same `in` and `name` (OpenAPI 3.1, Operation Object), in the
 * path item's place; the operation's own new ones follow.
 */
export function mergedParameters(doc, pathItem, op) {
  const byKey = new Map();
  for (const raw of [...(pathItem?.parameters ?? []), ...(op?.parameters ?? [])]) {
    const p = resolveRef(doc, raw);
    if (p?.name && p.in) byKey.set(`${p.in}:${p.name}`, p);
  }
  return [...byKey.values()];
}

/** The first media type of a request body or response, its schema and its content entry. */
function firstMedia(doc, holder, prefer = isJsonMedia) {
  const content = resolveRef(doc, holder)?.content ?? {};
  const types = Object.keys(content);
  const mediaType = types.find(prefer) ?? types[0];
  if (!mediaType) return undefined;
  return { mediaType, media: content[mediaType], schema: content[mediaType]?.schema };
}

/** Every response of an operation, resolved, in the spec's order: status, success, media type and schema. */
function responsesOf(doc, op) {
  return Object.entries(op?.responses ?? {}).map(([status, raw]) => {
    const response = resolveRef(doc, raw);
    const media = firstMedia(doc, response);
    return {
      status,
      success: /^2/.test(status),
      response,
      mediaType: media?.mediaType,
      schema: media?.schema,
      media: media?.media,
    };
  });
}

/**
 * @typedef {object} Operation
 * @property {"operation" | "rpc" | "action"} kind  a REST operation, the wire operation of an RPC API, or one of its actions
 * @property {string | undefined} operationId  the operationId (an action's: its name)
 * @property {string} path        the path template
 * @property {string} method      lower case
 * @property {string} pointer     JSON pointer to the operation (for an action: to its request schema)
 * @property {object} op          the raw operation object
 * @property {object} pathItem    the raw path item
 * @property {object[]} parameters merged and resolved
 * @property {object | undefined} requestBody  resolved
 * @property {string | undefined} requestMediaType
 * @property {any} requestSchema
 * @property {Array<object>} responses
 * @property {object | undefined} success  the first 2xx response with content (else the first 2xx)
 * @property {object[] | undefined} security  the security in force (the operation's, else the document's)
 * @property {boolean} secured
 * @property {boolean} idempotent
 * @property {boolean} readOnly
 * @property {object | undefined} pagination  `x-pagination`
 * @property {"documented" | "inferred"} provenance
 * @property {string | undefined} provenanceNote
 * @property {string[]} tags
 * @property {string | undefined} summary
 * @property {string | undefined} description
 * @property {boolean} deprecated
 */

function restOperation(doc, path, method, op, pathItem, pointer) {
  const requestBody = resolveRef(doc, op.requestBody);
  const request = firstMedia(doc, requestBody, () => true);
  const responses = responsesOf(doc, op);
  const security = op.security ?? doc.security;
  return {
    kind: op["x-rpc"] ? "rpc" : "operation",
    operationId: op.operationId,
    path,
    method,
    pointer,
    op,
    pathItem,
    parameters: mergedParameters(doc, pathItem, op),
    requestBody,
    requestMediaType: request?.mediaType,
    requestSchema: request?.schema,
    responses,
    success: responses.find((r) => r.success && r.mediaType) ?? responses.find((r) => r.success),
    security,
    secured: needsCredentials(security),
    idempotent: op["x-idempotent"] ?? IDEMPOTENT_METHODS.has(method),
    readOnly: READ_METHODS.has(method),
    pagination: op["x-pagination"],
    provenance: op["x-provenance"] === "inferred" ? "inferred" : "documented",
    provenanceNote: op["x-provenance-note"],
    tags: op.tags ?? [],
    summary: op.summary,
    description: op.description,
    deprecated: op.deprecated === true,
  };
}

/**
 * Every operation under `paths` (or `webhooks`, with `{ from: "webhooks" }`), in document order.
 * With `{ actions: true }`, an RPC wire operation is followed by its actions (`kind: "action"`).
 * @param {object} doc a bundled document
 * @param {{ from?: "paths" | "webhooks", actions?: boolean }} [options]
 * @returns {Operation[]}
 */
export function operationsOf(doc, { from = "paths", actions = false } = {}) {
  const out = [];
  for (const [path, rawItem] of Object.entries(doc?.[from] ?? {})) {
    const pathItem = resolveRef(doc, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!op || typeof op !== "object") continue;
      const operation = restOperation(doc, path, method, op, pathItem, pointerTo(from, path, method));
      out.push(operation);
      if (actions && operation.kind === "rpc") out.push(...actionsOf(doc, operation));
    }
  }
  return out;
}

/** The one RPC wire operation of a document (`x-rpc`), or undefined; more than one is an error. */
export function rpcOperationOf(doc) {
  const found = operationsOf(doc).filter((o) => o.kind === "rpc");
  if (found.length > 1) throw new Error("only one x-rpc operation per API is supported");
  return found[0];
}

/**
 * The actions of an RPC wire operation, one per variant of its request body's `oneOf`, each an
 * operation of its own: its name (the discriminator's `const`), request and response schemas,
 * and the facts `x-action` states (summary, tags, security, idempotency, provenance, paging).
 * @param {object} doc
 * @param {Operation} [wire] the RPC operation (found when omitted)
 * @returns {Operation[]}
 */
export function actionsOf(doc, wire = rpcOperationOf(doc)) {
  if (!wire) return [];
  const rpc = wire.op["x-rpc"];
  const discriminator = rpc.discriminator;
  const union = resolveRef(doc, wire.requestBody?.content?.["application/json"]?.schema);
  if (!Array.isArray(union?.oneOf)) throw new Error(`${wire.path} ${wire.method}: x-rpc needs a oneOf request body`);
  return union.oneOf.map((variantRef) => {
    const variant = resolveRef(doc, variantRef);
    const name = variant?.properties?.[discriminator]?.const;
    const meta = variant?.["x-action"];
    const where = variantRef.$ref ?? `${wire.pointer} oneOf`;
    if (typeof name !== "string") throw new Error(`${where}: ${discriminator} needs a const`);
    if (!meta?.response?.$ref) throw new Error(`${where}: x-action.response must be a $ref`);
    // The wire operation lists `{}` too (some actions need no keys); an action without its own
    // `security` needs what the document requires.
    const security = meta.security ?? doc.security;
    return {
      ...wire,
      kind: "action",
      operationId: name,
      action: name,
      discriminator,
      pointer: variantRef.$ref ?? wire.pointer,
      variant,
      requestSchema: variantRef,
      requestSchemaName: variantRef.$ref ? refName(variantRef.$ref) : undefined,
      responseSchema: meta.response,
      responseSchemaName: refName(meta.response.$ref),
      parameters: [],
      security,
      secured: needsCredentials(security),
      idempotent: meta.idempotent === true,
      readOnly: meta.idempotent === true,
      pagination: meta.pagination,
      provenance: meta.provenance === "inferred" ? "inferred" : "documented",
      provenanceNote: variant["x-provenance-note"],
      tags: meta.tags ?? wire.op.tags ?? [],
      summary: meta.summary ?? name,
      description: meta.description ?? variant.description ?? "",
      deprecated: variant.deprecated === true,
      meta,
    };
  });
}
