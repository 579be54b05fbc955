/**
 * Test helpers that read everything from the bundled spec (packages/trustedtwin/openapi/trustedtwin.json),
 * never from a hand-kept list: the operations, their parameters, example requests, response schemas.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { escapePointer } from "@specforge/model";
import { bundleValidator, derefIn, specOperations } from "@specforge/mock/testing";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const BUNDLE_PATH = fileURLToPath(new URL("../openapi/trustedtwin.json", import.meta.url));

type Json = any;
export const bundle: Json = JSON.parse(readFileSync(BUNDLE_PATH, "utf8"));

import type { SpecOperation } from "@specforge/mock/testing";
export type { SpecOperation };

/** Resolves a local `$ref` of the bundle, repeatedly. */
export const deref = (node: Json): Json => derefIn(bundle, node);

/** Every operation of the spec, in document order. */
export const listOperations = () => specOperations(bundle);

/** A value for a schema: its example, const or first enum value, else one generated from its type. */
export function sample(rawSchema: Json, depth = 0): unknown {
  const schema = deref(rawSchema);
  if (!schema || typeof schema !== "object" || depth > 12) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ("example" in schema) return schema.example;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ["oneOf", "anyOf", "allOf"] as const)
    if (Array.isArray(schema[key])) return sample(schema[key][0], depth + 1);
  if ("default" in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "uuid") return "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";
      if (schema.format === "date-time") return "2024-01-01T00:00:00Z";
      if (schema.format === "date") return "2024-01-01";
      if (schema.format === "uri" || schema.format === "url") return "https://example.com/";
      return "sample";
    case "integer":
      return schema.minimum ?? 1;
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return schema.minItems ? [sample(schema.items, depth + 1)] : [];
    default: {
      if (type !== "object" && !schema.properties) return undefined;
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key] ?? {}, depth + 1);
      return out;
    }
  }
}

/** A parameter's value: its named examples, its example, else one from its schema. */
export function parameterValue(parameter: Json): unknown {
  if (parameter.examples && typeof parameter.examples === "object") {
    const first = Object.values<Json>(parameter.examples)[0];
    if (first) return deref(first).value;
  }
  if ("example" in parameter) return parameter.example;
  return sample(parameter.schema);
}

/** The first named example of the request body's first media type (or one generated from its schema). */
export function requestBodyExample(op: SpecOperation): { mediaType: string; value: unknown } | undefined {
  if (!op.operation.requestBody) return undefined;
  const body = deref(op.operation.requestBody);
  const [mediaType, media] = Object.entries<Json>(body.content ?? {})[0] ?? [];
  if (!mediaType) return undefined;
  if (media.examples && Object.keys(media.examples).length)
    return { mediaType, value: deref(Object.values<Json>(media.examples)[0]).value };
  if ("example" in media) return { mediaType, value: media.example };
  return { mediaType, value: sample(media.schema) };
}

/**
 * `{ path, query, header, body }` as the client takes it: path params, required query/header
 * params (every query param with `allQuery`), the body example.
 */
export function buildInit(
  op: SpecOperation,
  { allQuery = false } = {},
): Record<string, Record<string, unknown> | unknown> {
  const init: Record<string, any> = {};
  for (const p of op.parameters) {
    if (p.in !== "path" && !p.required && !(allQuery && p.in === "query")) continue;
    const key = p.in === "cookie" ? "cookie" : p.in;
    (init[key] ??= {})[p.name] = parameterValue(p);
  }
  const body = requestBodyExample(op);
  if (body) init.body = body.value;
  return init;
}

/** The URL path with the example path parameters, percent-encoded as the client does. */
export function pathFor(op: SpecOperation, init = buildInit(op)): string {
  const path = (init.path ?? {}) as Record<string, unknown>;
  const query = new URLSearchParams(
    Object.entries((init.query ?? {}) as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)]),
  );
  const filled = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
  return query.size ? `${filled}?${query}` : filled;
}

/** The operation's success response: its status and, for JSON, the pointer of its schema. */
export function successResponse(op: SpecOperation): {
  status: number;
  mediaType?: string;
  schemaPointer?: string;
  response: Json;
} {
  const entry = Object.entries<Json>(op.operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
  if (!entry) throw new Error(`${op.operationId} declares no 2xx response`);
  const [status, raw] = entry;
  const response = deref(raw);
  const mediaType = Object.keys(response.content ?? {})[0];
  // The pointer goes through the $ref when the response is a component.
  const base = raw.$ref ?? `${op.pointer}/responses/${status}`;
  return {
    status: Number(status),
    response,
    ...(mediaType ? { mediaType, schemaPointer: `${base}/content/${escapePointer(mediaType)}/schema` } : {}),
  };
}

/** Ajv 2020 with the whole bundle added, so every `$ref` in a response schema resolves. */
export const createValidator = () => bundleValidator(bundle, "trustedtwin.json");
