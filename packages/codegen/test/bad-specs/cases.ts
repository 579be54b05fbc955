// The bad-spec corpus: each case breaks the fixture APIs (test/fixtures: `rpc` then `rest`) in one
// way. `npm run generate` must refuse every one with exit code 1, one `file:line:col severity rule:
// message` line per problem (no stack trace), and write no file of any API.

export type BadSpec = {
  name: string;
  /** files to write (relative to the fixture root; a Uint8Array is written as bytes, null deletes) */
  files?: Record<string, string | Uint8Array | null>;
  /** edits of existing fixture files: [file, search, replacement] */
  edit?: [file: string, search: string | RegExp, replace: string][];
  /** a line of the output must match this (file:line:col severity rule: message) */
  expect: RegExp;
};

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
]);
const LATIN1 = new Uint8Array([0x6f, 0x70, 0x65, 0x6e, 0x61, 0x70, 0x69, 0x3a, 0x20, 0xe9, 0xff, 0xfe, 0x0a]);
const REST_OP = "      operationId: list_things\n";
const _THINGS_SCHEMA =
  "              schema:\n                type: object\n                properties:\n                  things:";
const refThing = (file: string): [string, string, string] => [
  "rest.yaml",
  "              schema:\n                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  paging:",
  `              schema:\n                type: object\n                properties:\n                  things: {type: array, items: {$ref: '${file}'}}\n                  paging:`,
];

export const BAD_SPECS: BadSpec[] = [
  // Files that are not YAML documents
  {
    name: "YAML syntax error (bad indentation)",
    edit: [
      ["rest.yaml", "      summary: List things\n", "      summary: List things\n     description: out of line\n"],
    ],
    expect: /^rest\.yaml:\d+:\d+ error yaml-syntax: /,
  },
  {
    name: "YAML syntax error (unclosed flow mapping)",
    edit: [["rpc.yaml", "info: {title: Tiny RPC,", "info: {title: Tiny RPC\n  oops: [1,"]],
    expect: /^rpc\.yaml:\d+:\d+ error yaml-syntax: /,
  },
  {
    name: "YAML syntax error in a referenced file",
    files: { "thing.yaml": "type: string\n  format: : :\n" },
    edit: [refThing("./thing.yaml")],
    expect: /^thing\.yaml:\d+:\d+ error yaml-syntax: /,
  },
  { name: "empty root file", files: { "rest.yaml": "" }, expect: /^rest\.yaml:1:1 error empty-file: / },
  {
    name: "root file of whitespace only",
    files: { "rpc.yaml": "\n   \n" },
    expect: /^rpc\.yaml:1:1 error empty-file: /,
  },
  {
    name: "empty referenced file",
    files: { "thing.yaml": "" },
    edit: [refThing("./thing.yaml")],
    expect: /^thing\.yaml:1:1 error empty-file: /,
  },
  { name: "binary root file (PNG)", files: { "rest.yaml": PNG }, expect: /^rest\.yaml:1:1 error binary-file: / },
  {
    name: "binary referenced file",
    files: { "thing.yaml": PNG },
    edit: [refThing("./thing.yaml")],
    expect: /^thing\.yaml:1:1 error binary-file: /,
  },
  { name: "root file not UTF-8", files: { "rpc.yaml": LATIN1 }, expect: /^rpc\.yaml:1:1 error binary-file: / },
  {
    name: "root file is a scalar, not a mapping",
    files: { "rest.yaml": "just some words\n" },
    expect: /^rest\.yaml:1:1 error not-a-document: /,
  },
  { name: "missing root file", files: { "rest.yaml": null }, expect: /^rest\.yaml:1:1 error missing-file: / },
  {
    name: "missing referenced file",
    edit: [refThing("./nope.yaml")],
    expect: /^rest\.yaml:\d+:\d+ error missing-file: \$ref "\.\/nope\.yaml"/,
  },
  // References
  {
    name: "dangling local $ref",
    edit: [["rpc.yaml", "- $ref: '#/components/schemas/PingRequest'", "- $ref: '#/components/schemas/PongRequest'"]],
    expect: /^rpc\.yaml:\d+:\d+ error no-unresolved-refs: /,
  },
  {
    name: "circular $ref (a schema that is only a reference to itself, through another)",
    edit: [
      [
        "rest.yaml",
        "components:\n",
        "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
      ],
      refThing("#/components/schemas/A"),
    ],
    expect:
      /^rest\.yaml:\d+:\d+ error circular-ref: circular \$ref: #\/components\/schemas\/[AB] -> #\/components\/schemas\/[AB] -> /,
  },
  // Operations
  {
    name: "duplicate operationId",
    edit: [["rest.yaml", "      operationId: create_thing", "      operationId: list_things"]],
    expect: /^rest\.yaml:\d+:\d+ error operation-operationId-unique: /,
  },
  {
    name: "operationId not snake_case",
    edit: [["rest.yaml", "      operationId: create_thing", "      operationId: createThing"]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/operation-id-snake-case: /,
  },
  {
    name: "undeclared path parameter",
    edit: [["rest.yaml", "  /things:\n", "  /things/{thingId}:\n"]],
    expect: /^rest\.yaml:\d+:\d+ error path-parameters-defined: /,
  },
  {
    name: "operation without a summary",
    edit: [["rest.yaml", "      summary: Create a thing\n", ""]],
    expect: /^rest\.yaml:\d+:\d+ error operation-summary: /,
  },
  {
    name: "security scheme not defined",
    edit: [["rest.yaml", "security: [{OAuth: []}]", "security: [{Token: []}]"]],
    expect: /^rest\.yaml:\d+:\d+ error security-defined: /,
  },
  // Schemas and examples
  {
    name: "invalid type",
    edit: [
      [
        "rpc.yaml",
        "ok: {type: boolean}\n        error: {type: string}\n        pong",
        "ok: {type: bool}\n        error: {type: string}\n        pong",
      ],
    ],
    expect: /^rpc\.yaml:\d+:\d+ error struct: /,
  },
  {
    name: "example violating its schema",
    edit: [
      [
        "rest.yaml",
        "one: {value: {things: [a], paging: {next: c2}}}",
        "one: {value: {things: [1], paging: {next: c2}}}",
      ],
    ],
    expect: /^rest\.yaml:\d+:\d+ error no-invalid-media-type-examples: /,
  },
  {
    name: "Swagger 2.0 document",
    files: { "rest.yaml": "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n" },
    expect: /^rest\.yaml:1:10 error unsupported-version: Swagger 2\.0 is not supported/,
  },
  {
    name: "unsupported OpenAPI version",
    edit: [["rest.yaml", "openapi: 3.1.0", "openapi: 4.0.0"]],
    expect: /^rest\.yaml:1:10 error unsupported-version: openapi: 4\.0\.0 is not supported/,
  },
  // Extensions
  {
    name: "unknown x- extension",
    edit: [["rest.yaml", REST_OP, `${REST_OP}      x-pagniation: {style: cursor}\n`]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/known-extensions: unknown extension `x-pagniation`/,
  },
  {
    name: "known extension in the wrong place",
    edit: [["rest.yaml", REST_OP, `${REST_OP}      x-token-header: {name: Authorization, prefix: ''}\n`]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/known-extensions: `x-token-header` does not belong on Operation/,
  },
  {
    name: "pagination extension missing a field",
    edit: [["rest.yaml", "nextCursor: paging.next, ", ""]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/pagination-declared: x-pagination \(cursor\) needs `nextCursor`/,
  },
  {
    name: "pagination extension with an unknown style",
    edit: [["rest.yaml", "x-pagination: {style: cursor,", "x-pagination: {style: pages,"]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/pagination-declared: x-pagination\.style must be one of/,
  },
  {
    name: "x-provenance with an unknown value",
    edit: [["rest.yaml", "      x-provenance: inferred\n", "      x-provenance: guessed\n"]],
    expect: /^rest\.yaml:\d+:\d+ error specforge\/provenance-values: /,
  },
  // RPC unions
  {
    name: "duplicate action const",
    edit: [["rpc.yaml", "op: {type: string, const: list_things}", "op: {type: string, const: ping}"]],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/rpc-union-exclusive: .*mapping\["ping"\] must point to this variant/,
  },
  {
    name: "missing action const",
    edit: [["rpc.yaml", "op: {type: string, const: list_things}", "op: {type: string}"]],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/rpc-union-exclusive: .*`op` needs a const/,
  },
  {
    name: "variant without its response link",
    edit: [["rpc.yaml", "        response: {$ref: '#/components/schemas/PingResponse'}\n", ""]],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/rpc-union-exclusive: .*x-action\.response must be a \$ref/,
  },
  {
    name: "variant missing from the discriminator mapping",
    edit: [["rpc.yaml", "          ping: '#/components/schemas/PingRequest'\n", ""]],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/rpc-union-exclusive: .*missing from discriminator\.mapping/,
  },
  {
    name: "variant that is not exclusive",
    edit: [
      [
        "rpc.yaml",
        "      additionalProperties: false\n      properties:\n        op: {type: string, const: ping}",
        "      properties:\n        op: {type: string, const: ping}",
      ],
    ],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/rpc-union-exclusive: .*additionalProperties: false/,
  },
  {
    name: "action without x-action at all",
    edit: [["rpc.yaml", / {6}x-action:\n {8}summary: Ping\n( {8}.*\n)+? {8}provenance: documented\n/, ""]],
    expect:
      /^rpc\.yaml:(?!1:1)\d+:\d+ error specforge\/generate: #\/components\/schemas\/PingRequest: x-action\.response must be a \$ref/,
  },
  {
    name: "two RPC operations in one API",
    edit: [
      [
        "rpc.yaml",
        "paths:\n",
        "paths:\n  /rpc2:\n    post:\n      operationId: call_other\n      summary: Call another\n      x-rpc: {discriminator: op}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Request'}\n      responses:\n        '200': {description: Envelope.}\n        '401': {description: No key.}\n",
      ],
    ],
    expect: /^rpc\.yaml:\d+:\d+ error specforge\/generate: only one x-rpc operation per API/,
  },
];
