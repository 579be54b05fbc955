// Types of @specforge/model (the sources are plain ESM, so the generator needs no build step).

/** An OpenAPI document, or any node inside one: read as plain JSON. */
// biome-ignore lint/suspicious/noExplicitAny: a spec is any JSON
export type Json = any;

export declare const HTTP_METHODS: readonly ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
export type HttpMethod = (typeof HTTP_METHODS)[number];
export declare const IDEMPOTENT_METHODS: ReadonlySet<string>;
export declare const READ_METHODS: ReadonlySet<string>;

export declare function escapePointer(token: string | number): string;
export declare function unescapePointer(token: string): string;
export declare function pointerTo(...tokens: Array<string | number>): string;
/** Where a possibly-`$ref` node's content lives: `pointer`, or the target of its last `$ref` hop. */
export declare function pointerOf(doc: Json, node: Json, pointer: string): string;
export declare function resolvePointer(doc: Json, pointer: string): Json;
export declare function resolveRef(doc: Json, node: Json, options?: { strict?: boolean }): Json;
export declare function refName(ref: string): string;

export interface ResponseInfo {
  status: string;
  success: boolean;
  response: Json;
  mediaType?: string;
  schema?: Json;
  media?: Json;
}

export interface Operation {
  /** A REST operation, the wire operation of an RPC API, or one of its actions. */
  kind: "operation" | "rpc" | "action";
  operationId: string | undefined;
  path: string;
  method: HttpMethod;
  /** JSON pointer to the operation (an action: to its request schema). */
  pointer: string;
  op: Json;
  pathItem: Json;
  /** Path item's and operation's parameters, resolved; the operation's win. */
  parameters: Json[];
  requestBody: Json | undefined;
  requestMediaType: string | undefined;
  requestSchema: Json | undefined;
  responses: ResponseInfo[];
  success: ResponseInfo | undefined;
  security: Json[] | undefined;
  secured: boolean;
  idempotent: boolean;
  readOnly: boolean;
  pagination: Json | undefined;
  provenance: "documented" | "inferred";
  provenanceNote: string | undefined;
  tags: string[];
  summary: string | undefined;
  description: string | undefined;
  deprecated: boolean;
  /** Actions only. */
  action?: string;
  discriminator?: string;
  variant?: Json;
  requestSchemaName?: string;
  responseSchema?: Json;
  responseSchemaName?: string;
  meta?: Json;
}

export declare function isJsonMedia(mediaType: string): boolean;
export declare function needsCredentials(security: Json[] | undefined): boolean;
export declare function mergedParameters(doc: Json, pathItem: Json, op: Json): Json[];
export declare function operationsOf(
  doc: Json,
  options?: { from?: "paths" | "webhooks"; actions?: boolean },
): Operation[];
export declare function rpcOperationOf(doc: Json): Operation | undefined;
export declare function actionsOf(doc: Json, wire?: Operation): Operation[];

export declare function templateMatcher(template: string): { regex: RegExp; names: string[] };
export declare function templateParams(template: string): string[];
export declare function compareSpecificity(a: string, b: string): number;
export interface PathMatch<T> {
  template: string;
  value: T;
  params: Record<string, string>;
}
export declare function pathMatcher<T = string>(
  entries: Iterable<string | { template: string; value?: T }>,
): {
  entries: Array<{ template: string; value: T; regex: RegExp; names: string[] }>;
  match(path: string): PathMatch<T> | undefined;
  matchAll(path: string): string[];
};
export declare function serverBasePath(server: Json): string;
export declare function serverUrl(server: Json, values?: Record<string, string>): string;

export declare function isObject(value: unknown): value is Record<string, unknown>;
export declare function getPath(value: unknown, path: ReadonlyArray<string | number> | string | undefined): Json;
export declare function setPath<T>(value: T, path: ReadonlyArray<string | number> | string, leaf: unknown): T;
export declare function fill<T>(value: T, vars: Record<string, unknown>): T;
export declare function schemaExample(doc: Json, schema: Json): Json;
export declare function parameterExample(doc: Json, parameter: Json): Json;

export type {
  BadInputRules,
  ExampleByRule,
  MockContract,
  MockOperation,
  MockPaging,
  MockResource,
  MockRpc,
  MockView,
  MockWebhookRules,
  SeedItem,
  TourStep,
} from "./mock-contract.js";
