// The tools of one API: one per REST operation and one per RPC action, read from the spec bundle
// the client package ships and bound to the operation functions the package exports (the same
// generated table its client object binds). A tool call is a client call: the server hands the
// tool's arguments to the operation function, so auth, retries, timeouts, typed errors and
// redaction are the client's. Nothing here names a provider.
import { REDACTED, Redactor } from "@specforge/runtime";
import { operationsOf, resolveRef } from "@specforge/model";
import { isObjectSchema, schemaConverter, selfContained } from "./schema.mjs";

/** Whether the runtime's redactor blanks a field of this name in every answer (a credential field). */
const fieldRedactor = new Redactor();
const redactedField = (name) => fieldRedactor.redactValue({ [name]: "x" })[name] === REDACTED;
/**
 * Output schemas describe what the agent gets: credential fields arrive redacted, and so may a
 * credential inside a string (a URL's `?token=`), so `format` (only an annotation in JSON Schema
 * 2020-12) is left out where a validator would assert it.
 */
const asOutput = (doc, schema) => selfContained(doc, schema, { redactedField, dropFormats: true });

/** Methods that cannot change data: the tools exposed without `--allow-writes`. */
const READ_METHODS = new Set(["GET", "HEAD"]);
/** MCP tool names: 1-64 characters; `.` and `/` are allowed by the spec but refused by some clients. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const PARAM_LOCATIONS = ["path", "query", "header"];

/** A tool name from an operationId or action name: invalid characters become `_`, at most 64. */
export function toolName(name) {
  return String(name)
    .replace(/[^A-Za-z0-9_-]/g, "_")
    .slice(0, 64);
}

/**
 * @typedef {object} ToolEntry
 * @property {string} name            the tool's name
 * @property {string} operation       the operationId or action it calls
 * @property {boolean} read           cannot change data (GET/HEAD, or an idempotent RPC action)
 * @property {string[]} tags
 * @property {object} tool            what tools/list shows: name, title, description, inputSchema, outputSchema?, annotations
 * @property {(client: object, args: object) => Promise<unknown>} call  runs the operation function
 * @property {boolean} blob           the 2xx answer is a file (a Blob)
 */

/** The summary, description, Inferred note and paging hint an agent reads. */
function describe({ summary, description, inferred, note, paging, read, wire }) {
  const parts = [];
  if (summary) parts.push(summary.trim());
  if (description && description.trim() !== summary?.trim()) parts.push(description.trim());
  if (inferred) parts.push(`*Inferred*: not in the provider's documentation.${note ? ` ${note}` : ""}`);
  if (paging) parts.push(paging);
  if (wire) parts.push(wire);
  if (!read) parts.push("Changes data.");
  return parts.join("\n\n");
}

/** How to get the next page, from the operation's runtime paging facts (OperationSpec.pagination). */
function pagingHint(pagination, where) {
  if (!pagination) return undefined;
  const at = (param) => `\`${where}${param}\``;
  switch (pagination.style) {
    case "cursor":
      return `Returns one page. For the next page, call again with ${at(pagination.cursorParam)} set to the answer's \`${pagination.nextCursor}\`; when that is missing, null or empty, this was the last page.`;
    case "offset":
      return `Returns one page. For the next page, call again with ${at(pagination.offsetParam)} increased by the page size${pagination.limitParam ? ` (${at(pagination.limitParam)})` : ""}; a page shorter than that was the last.`;
    case "window":
      return `Returns one page, newest first. For older records, call again with ${at(pagination.upperParam)} set to the oldest timestamp of this page; a page shorter than ${at(pagination.limitParam)} was the last.`;
    default:
      return "Returns one page.";
  }
}

/** The operation function the package exports for `name`, checked against the spec. */
function operationFunction(exports, name, packageName) {
  const fn = exports[name];
  if (typeof fn !== "function" || fn.operation?.name !== name) {
    throw new Error(
      `${packageName} exports no operation function "${name}" although its spec has it; reinstall or rebuild the package (npm run build)`,
    );
  }
  return fn;
}

/** The first JSON (or form) media type of a content map. */
function mediaOf(content) {
  const entries = Object.entries(content ?? {});
  return (
    entries.find(([type]) => /json/.test(type)) ??
    entries.find(([type]) => type === "application/x-www-form-urlencoded") ??
    entries[0]
  );
}

/** The 2xx answer's schema, when it is a JSON object (MCP output schemas are objects). */
function outputSchemaOf(doc, responses) {
  for (const [status, raw] of Object.entries(responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const [type, media] = mediaOf(resolveRef(doc, raw)?.content) ?? [];
    if (type && /json/.test(type) && media?.schema && isObjectSchema(doc, media.schema))
      return asOutput(doc, media.schema);
    return undefined;
  }
  return undefined;
}

const withDescription = (schema, description) =>
  description && !schema.description ? { ...schema, description } : schema;

/** A REST operation's input: `{path, query, header, body}`, each present when the operation takes it. */
function restInputSchema(doc, parameters, op) {
  const converter = schemaConverter(doc);
  const properties = {};
  const required = [];
  for (const location of PARAM_LOCATIONS) {
    const params = parameters.filter((p) => p.in === location);
    if (!params.length) continue;
    const group = { type: "object", properties: {}, additionalProperties: false };
    const needed = [];
    for (const p of params) {
      const schema = p.schema ?? mediaOf(p.content)?.[1]?.schema ?? {};
      group.properties[p.name] = withDescription(converter.convert(schema), p.description);
      if (p.deprecated) group.properties[p.name].deprecated = true;
      if (p.required || location === "path") needed.push(p.name);
    }
    if (needed.length) {
      group.required = needed;
      required.push(location);
    }
    properties[location] = group;
  }
  const body = resolveRef(doc, op.requestBody);
  const [, media] = mediaOf(body?.content) ?? [];
  if (media) {
    properties.body = withDescription(converter.convert(media.schema ?? {}), body.description);
    if (body.required) required.push("body");
  }
  const defs = converter.defs();
  return {
    type: "object",
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
    ...(defs ? { $defs: defs } : {}),
  };
}

/** An RPC action's input: its request variant without the discriminator (the server fills it in). */
function actionInputSchema(doc, variant, discriminator) {
  const converter = schemaConverter(doc);
  const schema = converter.convert(variant);
  delete schema.properties?.[discriminator];
  if (schema.required) schema.required = schema.required.filter((key) => key !== discriminator);
  if (schema.required?.length === 0) delete schema.required;
  // A variant's examples include the discriminator, which the input no longer takes.
  if (Array.isArray(schema.examples)) {
    schema.examples = schema.examples.map((example) =>
      Object.fromEntries(Object.entries(example ?? {}).filter(([k]) => k !== discriminator)),
    );
  }
  schema.type = "object";
  schema.properties ??= {};
  const defs = converter.defs();
  return defs ? { ...schema, $defs: defs } : schema;
}

/** The annotations MCP clients show and use to ask before a call. */
function annotations(title, read, idempotent) {
  return read
    ? { title, readOnlyHint: true, openWorldHint: true }
    : { title, readOnlyHint: false, idempotentHint: idempotent, openWorldHint: true };
}

/**
 * Every tool of one API, in spec order.
 * @param {object} doc        the API's bundled spec
 * @param {object} exports    the client package's module (its operation functions)
 * @param {string} packageName
 * @returns {ToolEntry[]}
 */
export function buildTools(doc, exports, packageName) {
  const tools = [];
  for (const operation of operationsOf(doc, { actions: true })) {
    if (operation.kind === "action") tools.push(actionTool(doc, operation, exports, packageName));
    else if (operation.kind === "operation" && operation.operationId)
      tools.push(restTool(doc, operation, exports, packageName));
  }
  const seen = new Map();
  for (const t of tools) {
    if (!TOOL_NAME.test(t.name))
      throw new Error(
        `tool name ${JSON.stringify(t.name)} (from ${t.operation}) is not 1-64 characters of [A-Za-z0-9_-]`,
      );
    if (seen.has(t.name))
      throw new Error(`two operations make the tool name "${t.name}": ${seen.get(t.name)} and ${t.operation}`);
    seen.set(t.name, t.operation);
  }
  return tools;
}

function restTool(doc, { path: pathKey, method, op, parameters }, exports, packageName) {
  const fn = operationFunction(exports, op.operationId, packageName);
  const spec = fn.operation;
  const read = READ_METHODS.has(spec.method.toUpperCase());
  const name = toolName(op.operationId);
  const outputSchema = spec.blob ? undefined : outputSchemaOf(doc, op.responses);
  return {
    name,
    operation: op.operationId,
    read,
    tags: op.tags ?? [],
    blob: spec.blob === true,
    tool: {
      name,
      title: op.summary ?? op.operationId,
      description: describe({
        summary: op.summary,
        description: op.description,
        inferred: op["x-provenance"] === "inferred",
        note: op["x-provenance-note"],
        paging: pagingHint(spec.pagination, "query."),
        read,
        wire: `Calls \`${method.toUpperCase()} ${pathKey}\`.`,
      }),
      inputSchema: restInputSchema(doc, parameters, op),
      ...(outputSchema ? { outputSchema } : {}),
      annotations: annotations(op.summary ?? op.operationId, read, spec.idempotent),
    },
    call: (client, args, options) => fn(client, args, options),
  };
}

function actionTool(doc, { action, discriminator, variant, meta, tags }, exports, packageName) {
  const fn = operationFunction(exports, action, packageName);
  const spec = fn.operation;
  const read = spec.idempotent === true;
  const name = toolName(action);
  const response = meta.response;
  const outputSchema = response && isObjectSchema(doc, response) ? asOutput(doc, response) : undefined;
  return {
    name,
    operation: action,
    read,
    tags,
    blob: false,
    tool: {
      name,
      title: meta.summary ?? action,
      description: describe({
        summary: meta.summary,
        description: meta.description ?? variant.description,
        inferred: meta.provenance === "inferred",
        note: variant["x-provenance-note"],
        paging: pagingHint(spec.pagination, ""),
        read,
        wire: `The server sends it as \`${spec.method} ${spec.path}\` with \`"${discriminator}": "${action}"\` in the body.`,
      }),
      inputSchema: actionInputSchema(doc, variant, discriminator),
      ...(outputSchema ? { outputSchema } : {}),
      annotations: annotations(meta.summary ?? action, read, spec.idempotent),
    },
    call: (client, args, options) => fn(client, args, options),
  };
}

/**
 * The tools a server exposes: reads only unless `allowWrites`; `tools` (names) and `tags` narrow
 * the list (both given: a tool must match both). An unknown name or tag is an error naming the
 * known ones, so a typo never silently serves nothing.
 * @param {ToolEntry[]} all
 * @param {{ allowWrites?: boolean, tools?: string[], tags?: string[] }} [options]
 */
export function selectTools(all, { allowWrites = false, tools, tags } = {}) {
  if (tools?.length) {
    const unknown = tools.filter((n) => !all.some((t) => t.name === n));
    if (unknown.length)
      throw new Error(
        `unknown tool ${unknown.map((n) => `"${n}"`).join(", ")}; this API has ${all.map((t) => t.name).join(", ")}`,
      );
    const writes = tools.filter((n) => !allowWrites && !all.find((t) => t.name === n).read);
    if (writes.length)
      throw new Error(
        `${writes.join(", ")} can change data; add --allow-writes to serve ${writes.length === 1 ? "it" : "them"}`,
      );
  }
  if (tags?.length) {
    const known = [...new Set(all.flatMap((t) => t.tags))];
    const unknown = tags.filter((tag) => !known.includes(tag));
    if (unknown.length)
      throw new Error(
        `unknown tag ${unknown.map((n) => `"${n}"`).join(", ")}; this API's tags are ${known.join(", ")}`,
      );
  }
  return all.filter(
    (t) =>
      (allowWrites || t.read) &&
      (!tools?.length || tools.includes(t.name)) &&
      (!tags?.length || t.tags.some((tag) => tags.includes(tag))),
  );
}
