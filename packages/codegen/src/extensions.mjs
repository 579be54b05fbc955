// The one registry of the `x-` extensions specforge understands. The Redocly rule
// `specforge/known-extensions` refuses any other `x-` key in a spec (and a known one where it does
// not belong); docs/spec-conventions.md documents every entry (a codegen test checks both).
//
// `in` lists the Redocly node types (Root, Info, Server, Operation, Parameter, Response, Header,
// MediaType, Schema, SecurityScheme, Tag, ...) where a spec may carry the key. An entry with
// `in: []` is not for specs: the generator writes it into a derived view, or it lives in redocly.yaml.

/** @typedef {{ name: string, in: string[], meaning: string, by: "specforge" | "redoc" | "derived" | "config" }} Extension */

/** Every element whose provenance a spec may state. */
const PROVENANCE_PLACES = [
  "Operation",
  "Schema",
  "Parameter",
  "Response",
  "Header",
  "MediaType",
  "SecurityScheme",
  "Server",
  "Tag",
  "Example",
];

/** @type {Extension[]} */
export const EXTENSIONS = [
  // Provenance (docs/spec-conventions.md "Provenance")
  {
    name: "x-provenance",
    by: "specforge",
    in: PROVENANCE_PLACES,
    meaning:
      "`documented` or `inferred`: whether the provider's docs state this element; the docs show an Inferred marker",
  },
  {
    name: "x-provenance-note",
    by: "specforge",
    in: PROVENANCE_PLACES,
    meaning: "one sentence: why an inferred element is modelled this way",
  },
  // Operations
  {
    name: "x-pagination",
    by: "specforge",
    in: ["Operation"],
    meaning: "how the operation pages (style and parameter/field names); the client offers `paginate.<operation>()`",
  },
  {
    name: "x-idempotent",
    by: "specforge",
    in: ["Operation"],
    meaning: "overrides the HTTP method's idempotency for the retry policy",
  },
  {
    name: "x-mock",
    by: "specforge",
    in: ["Root", "Operation"],
    meaning:
      "mock behaviour: on an operation `exampleBy` (which example answers which request value), `resource` (corrects the stateful mock's resource model; `of`, `stamps`, `expiresAt`, `history`), `list` (the filters and order a stateful list applies), `refuse` (an answer for an item in a given state), `cascade` (items of other resources a delete removes), `history` (a history's window parameters) and `stateful: false`; on the document `violationMessageField` and `badInput`",
  },
  {
    name: "x-rpc",
    by: "specforge",
    in: ["Operation"],
    meaning: "marks the one wire operation of an RPC API: discriminator, envelope, answer to an unknown action",
  },
  {
    name: "x-action",
    by: "specforge",
    in: ["Schema"],
    meaning:
      "on each RPC request variant: the action's response $ref, summary, tags, idempotency, security, provenance, paging, mock",
  },
  {
    name: "x-mock-webhooks",
    by: "specforge",
    in: ["Root"],
    meaning:
      "how the mock delivers the spec's `webhooks`: the subscription operations, the token's shape, the confirmation message, and which store changes send which notification to which topic",
  },
  // Servers and security
  {
    name: "x-region",
    by: "specforge",
    in: ["Server"],
    meaning: "the region a server serves (e.g. eu, us); clients select a server by it",
  },
  {
    name: "x-token-header",
    by: "specforge",
    in: ["SecurityScheme"],
    meaning: "how an oauth2 access token travels when not as `Authorization: Bearer` (header name and prefix)",
  },
  {
    name: "x-audience",
    by: "specforge",
    in: ["SecurityScheme"],
    meaning: "the `audience` an oauth2 client-credentials token request must send",
  },
  // Redoc's own display extensions, allowed in specs
  { name: "x-tagGroups", by: "redoc", in: ["Root"], meaning: "Redoc: groups tags in the docs navigation" },
  { name: "x-logo", by: "redoc", in: ["Info"], meaning: "Redoc: the logo shown above the navigation" },
  {
    name: "x-codeSamples",
    by: "redoc",
    in: ["Operation"],
    meaning: "Redoc: code samples shown next to an operation (the docs view derives them too)",
  },
  {
    name: "x-badges",
    by: "redoc",
    in: ["Operation"],
    meaning: "Redoc: badges on an operation (the docs view adds Inferred)",
  },
  { name: "x-displayName", by: "redoc", in: ["Tag"], meaning: "Redoc: the name a tag shows in the navigation" },
  // Not for specs
  {
    name: "x-specforge-mock",
    by: "derived",
    in: [],
    meaning:
      "written by the generator into the mock view: the request router's rules (RPC routes, exampleBy, raw-token headers), the stateful mock's resource model (`resources`, `operations`) and webhook delivery (`webhooks`, from `x-mock-webhooks`)",
  },
  {
    name: "x-specforge-tour",
    by: "derived",
    in: [],
    meaning:
      "written by the generator into the mock view: the validating proxy's tour, one request per operation or action (the docs samples' parameters), whether it only reads, where its credentials travel",
  },
  {
    name: "x-specforge",
    by: "config",
    in: [],
    meaning:
      "in redocly.yaml under each API: its client package, mock port, the port's environment variable, and how a program creates the client (`client`: the docs' code samples, the proxy's tour and the MCP server read it)",
  },
];

export const EXTENSION_NAMES = new Set(EXTENSIONS.map((e) => e.name));
