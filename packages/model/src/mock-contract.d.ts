// The contract between codegen and the mock: what a mock view carries under `x-specforge-mock`
// (written by codegen: derive.mjs, resources.mjs, webhooks.mjs, mock-examples.mjs) and
// `x-specforge-tour` (codegen tour.mjs). The mock compiles it once per instance
// (`compileMockView`, packages/mock/src/view.mjs) for its router, state and validator.
/** Any JSON value (as in index.d.ts). */
type Json = any;

/** `Prefer: example=<name>` chosen by a request value (a query, header or body field). */
export interface ExampleByRule {
  method: string;
  path: string;
  in: "query" | "header" | "body";
  name: string;
  /** request value ("" = absent) -> the named example Prism answers */
  examples: Record<string, string>;
}

/** The one RPC endpoint of an API whose actions are named in the body (`x-rpc`). */
export interface MockRpc {
  method: string;
  path: string;
  discriminator: string;
  /** action -> its derived route in the mock view (`<path>/__action/<action>`) */
  routes: Record<string, string>;
  /** How the provider answers an action it does not know (`{discriminator}` is filled in). */
  unknownAction?: { status?: number; body: Json };
}

/** How the provider answers bad input (`x-mock.badInput`): a status per case and the error body. */
export interface BadInputRules {
  body?: Json;
  maxBodyBytes?: number;
  notJson?: { status?: number; body?: Json };
  wrongType?: { status?: number; body?: Json };
  missingDiscriminator?: { status?: number; body?: Json };
  contentType?: { status?: number; body?: Json };
  tooLarge?: { status?: number; body?: Json };
  unknownPath?: { status?: number; body?: Json };
  wrongMethod?: { status?: number; body?: Json };
}

/** One seeded item of a resource, from the spec's examples. */
export interface SeedItem {
  parentKeys: string[];
  key: string;
  value: Json;
}

/** A collection the stateful mock keeps (keyed by its collection path template). */
export interface MockResource {
  /** the path parameters naming the parent items, outermost first */
  parentParams: string[];
  /** the parent resource's name, for a nested collection */
  parent?: string;
  /** where an item holds its id (e.g. ["creation_certificate", "uuid"]) */
  idPath?: string[];
  idFormat?: "uuid" | "integer" | "string";
  itemSchema?: Json;
  listItemSchema?: Json;
  /** what a new item starts from (the item's example) */
  template?: Json;
  /** fields a delete sets instead of removing the item (e.g. a terminated status) */
  deleteMarks?: Record<string, Json>;
  /** the body field of a keyed-map collection (`{<map>: {<key>: item}}`) */
  map?: string;
  seed?: SeedItem[];
}

export interface MockPaging {
  style: "cursor" | "offset";
  items?: string;
  cursorParam?: string;
  nextCursor?: string;
  pageSizeParam?: string;
  offsetParam?: string;
  limitParam?: string;
  defaultPageSize?: number;
  /** the spec's example cursors -> the offset each stands for */
  exampleCursors?: Record<string, number>;
}

/** A stateful operation (REST: method + path; RPC: action + keyField). */
export interface MockOperation {
  resource: string;
  kind: "create" | "get" | "update" | "delete" | "list";
  method?: string;
  path?: string;
  action?: string;
  status: number;
  keyParam?: string;
  keyField?: string;
  keysQuery?: string;
  items?: string;
  itemMode?: "item" | "key" | "map";
  paging?: MockPaging;
  placement?: { at: "item" | "property" | "id" | "map"; name?: string };
  notFound?: { status: number; body: Json };
  example?: Json;
}

/** Webhook delivery rules (`x-mock-webhooks`, derived by codegen webhooks.mjs). */
export interface MockWebhookRules {
  subscribe?: { method: string; path: string; [field: string]: Json };
  confirm?: { method: string; path: string; exampleTokens?: string[] };
  refresh?: { method: string; path: string; exampleTokens?: string[] };
  unsubscribe?: { method: string; path: string; exampleTokens?: string[] };
  token?: Json;
  confirmation?: Json;
  notify?: Json[];
  [rule: string]: Json;
}

/** `x-specforge-mock`: the rules codegen derives from the spec for the mock. */
export interface MockContract {
  exampleBy?: ExampleByRule[];
  rpc?: MockRpc;
  /** headers whose `Bearer ` prefix the router drops (the API wants the raw token) */
  rawTokenHeaders?: string[];
  /** the field of the provider's error body that carries the message */
  violationMessageField?: string;
  /** overrides the view's `x-mock.badInput` */
  badInput?: BadInputRules;
  webhooks?: MockWebhookRules;
  /** the stateful model (absent: the mock answers examples only) */
  resources?: Record<string, MockResource>;
  operations?: Record<string, MockOperation>;
}

/** One step of the validating proxy's read-only tour (`x-specforge-tour`). */
export interface TourStep {
  operation: string;
  method: string;
  path: string;
  readOnly?: boolean;
  credentials?: Array<{ scheme: string; in: string; name: string; env?: string }>;
  query?: string;
  body?: Json;
  [fact: string]: Json;
}

/** A mock view: the bundled spec with codegen's rules for the mock. */
export interface MockView {
  paths?: Record<string, Json>;
  "x-specforge-mock"?: MockContract;
  "x-specforge-tour"?: TourStep[];
  "x-mock"?: { badInput?: BadInputRules; [key: string]: Json };
  [key: string]: Json;
}
