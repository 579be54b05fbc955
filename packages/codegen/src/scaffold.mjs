// `npm run add-provider -- <name> [--spec <file>]`: adds a provider in one command.
//   - without --spec: a starter OpenAPI 3.1 spec in house style (docs/spec-conventions.md), every
//     fact marked inferred until the provider's docs say otherwise;
//   - with --spec: the provider's published OpenAPI 3.0/3.1 (or Swagger 2.0) file, copied byte for byte (and the
//     files its `$ref`s reach), plus an OpenAPI Overlay beside it for specforge's additions.
// Either way: the registry entry in redocly.yaml (mock port and variable, sample options derived
// from the security schemes), the client package (exports, files, tsconfigs, the factory
// `create<Name>Client`, README, CHANGELOG, a smoke test against its mock), its generated code,
// and `npm install` to link the workspace. It refuses a name that exists and leaves nothing
// behind when a step fails. Nothing here knows a provider.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { loadRegistry } from "./config.mjs";
import { generate } from "./generate.mjs";
import { isSwagger2, upgradeDocument } from "./import.mjs";
import { envName } from "./samples.mjs";

export const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class ScaffoldError extends Error {
  constructor(message) {
    super(message);
    this.name = "ScaffoldError";
  }
}

const pascal = (name) =>
  name
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
const camel = (name) => pascal(name)[0].toLowerCase() + pascal(name).slice(1);
const upper = (name) => name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const yamlString = (s) => JSON.stringify(String(s));

/** External files a spec's `$ref`s reach (relative paths, recursively), to copy with it. */
async function referencedFiles(file, seen = new Set([file])) {
  const text = await fs.readFile(file, "utf8");
  let parsed;
  if (/\.(ya?ml|json)$/i.test(file)) {
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new ScaffoldError(`${file}: not YAML or JSON (${String(error.message).split("\n")[0]})`);
    }
  }
  const refs = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(value))
        refs.push(decodeURIComponent(value.split("#")[0]));
      else walk(value);
    }
  };
  walk(parsed);
  for (const ref of refs) {
    const target = path.resolve(path.dirname(file), ref);
    if (seen.has(target)) continue;
    seen.add(target);
    await fs.access(target).catch(() => {
      throw new ScaffoldError(`${file}: $ref "${ref}" points to ${target}, which does not exist`);
    });
    await referencedFiles(target, seen);
  }
  return { parsed, files: seen };
}

// ---------------------------------------------------------------------------------------------
// The starter spec (no --spec): house style, every fact inferred.

function starterSpec(name, title) {
  return `# The ${title} API as specforge models it: a starter written by \`npm run add-provider\`.
# Replace the example resource with the provider's operations (docs/spec-conventions.md). Until the
# provider's documentation confirms a fact, it stays marked \`x-provenance: inferred\` with a note.
openapi: 3.1.0
info:
  title: ${title} API
  version: 0.1.0
  description: The ${title} API. A starter description; the operations below are placeholders to replace.
  license:
    name: MIT
    identifier: MIT
servers:
  - url: https://api.${name}.example
    description: The provider's API (a placeholder host).
    x-provenance: inferred
    x-provenance-note: The provider's base URL is not known yet.
security:
  - ApiKey: []
tags:
  - name: Items
    description: A placeholder resource; rename it after the provider's objects.
paths:
  /items:
    get:
      operationId: list_items
      summary: List items
      description: One page of items, newest first.
      tags: [Items]
      x-provenance: inferred
      x-provenance-note: A placeholder operation with the most common paging shape.
      parameters:
        - name: cursor
          in: query
          required: false
          description: Where the page starts (the previous page's \`next_cursor\`).
          schema: {type: string}
        - name: limit
          in: query
          required: false
          description: Items per page.
          schema: {type: integer, minimum: 1, maximum: 100, default: 20}
      x-pagination:
        style: cursor
        items: items
        cursorParam: cursor
        nextCursor: next_cursor
        pageSizeParam: limit
      responses:
        '200':
          description: One page of items.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ItemPage'}
              examples:
                lastPage:
                  summary: The only page
                  value:
                    items:
                      - {id: item-1, name: First item}
                    next_cursor: null
        '401': {$ref: '#/components/responses/Unauthorized'}
  /items/{item_id}:
    get:
      operationId: get_item
      summary: Get an item
      tags: [Items]
      x-provenance: inferred
      x-provenance-note: A placeholder operation.
      parameters:
        - name: item_id
          in: path
          required: true
          description: The item's id.
          schema: {type: string}
          example: item-1
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
              examples:
                item:
                  summary: An item
                  value: {id: item-1, name: First item}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
components:
  securitySchemes:
    ApiKey:
      type: apiKey
      in: header
      name: X-Api-Key
      description: The account's API key.
      x-provenance: inferred
      x-provenance-note: The provider's credential and where it travels are not known yet.
  schemas:
    Item:
      type: object
      required: [id, name]
      additionalProperties: false
      properties:
        id: {type: string, description: The item's id.}
        name: {type: string, description: The item's name.}
    ItemPage:
      type: object
      required: [items, next_cursor]
      additionalProperties: false
      properties:
        items:
          type: array
          items: {$ref: '#/components/schemas/Item'}
        next_cursor:
          type: [string, 'null']
          description: The next page's cursor; null on the last page.
    Error:
      type: object
      required: [message]
      properties:
        message: {type: string, description: What went wrong.}
      x-provenance: inferred
      x-provenance-note: The provider's error body is not known yet.
  responses:
    Unauthorized:
      description: The API key is missing or wrong.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
          examples:
            unauthorized:
              value: {message: Unauthorized}
    NotFound:
      description: No such item.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Error'}
          examples:
            notFound:
              value: {message: Not found}
`;
}

/** The overlay beside an imported spec: specforge's additions, kept when the provider's file is replaced. */
function starterOverlay(title, specRel, sha256) {
  return `# specforge's additions to ${specRel}, the provider's file as published (never edit that file:
# re-import a new release by replacing it, and these additions stay). An OpenAPI Overlay 1.0
# document, applied by the pipeline after the 3.0 -> 3.1 upgrade (docs/spec-conventions.md,
# "Imported specs"). Imported from a file with SHA-256 ${sha256}.
#
# Examples of actions (JSONPath targets into the upgraded spec):
#   - target: $.paths['/pets'].get
#     update:
#       x-pagination: {style: cursor, items: data, cursorParam: after, nextCursor: paging.next.after}
#   - target: $.paths['/pets/{petId}'].get
#     update:
#       x-provenance: inferred
#       x-provenance-note: The provider's docs do not show this answer.
#   - target: $.components.schemas.Pet.properties.status
#     update: {description: Where the pet is in the sales process.}
overlay: 1.0.0
info:
  title: specforge additions to the ${title} API
  version: 1.0.0
actions: []
`;
}

// ---------------------------------------------------------------------------------------------
// The client package

function sampleOptions(name, schemes) {
  const credentials = Object.keys(schemes).filter((s) =>
    ["apiKey", "http", "oauth2", "openIdConnect"].includes(schemes[s]?.type),
  );
  const lines = [];
  if (credentials.length) {
    lines.push("          credentials:");
    for (const scheme of credentials)
      lines.push(`            ${yamlString(scheme)}: {env: ${envName(name, scheme)}, scheme: ${yamlString(scheme)}}`);
  }
  lines.push(`          baseUrl: {env: ${upper(name)}_BASE_URL, default: '{server}'}`);
  return lines;
}

function registryEntry({ name, specRel, overlayRel, port, imported, schemes }) {
  const lines = [
    `  ${name}:`,
    `    root: ${specRel}`,
    ...(imported
      ? [
          "    # The provider's file as published: house-style rules off, only what breaks generation is an error.",
          "    extends:",
          "      - minimal",
          "      - specforge/imported",
        ]
      : []),
    "    x-specforge:",
    `      package: packages/${name}`,
    ...(imported ? ["      imported: true", `      overlay: ${overlayRel}`] : []),
    `      mockPort: ${port}`,
    `      mockPortEnv: ${upper(name)}_MOCK_PORT`,
    "      sample:",
    `        factory: create${pascal(name)}Client`,
    `        client: ${camel(name)}`,
    "        options:",
    ...sampleOptions(name, schemes),
    "        mockEnv:",
    `          ${upper(name)}_BASE_URL: '{mock:${name}}'`,
  ];
  return `${lines.join("\n")}\n`;
}

/** Inserts `entry` at the end of redocly.yaml's top-level `apis:` block (comments and order kept). */
export function withRegistryEntry(text, entry) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^apis:\s*$/.test(l));
  if (start === -1) throw new ScaffoldError("redocly.yaml has no top-level `apis:` block");
  let end = start + 1;
  while (end < lines.length && (lines[end] === "" || /^\s/.test(lines[end]))) end++;
  while (end > start + 1 && lines[end - 1].trim() === "") end--;
  return [...lines.slice(0, end), ...entry.replace(/\n$/, "").split("\n"), ...lines.slice(end)].join("\n");
}

function packageJson({ name, title, runtimeVersion, mockVersion, homepage, repository }) {
  const dist = (file) => ({
    import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
    require: { types: `./dist/cjs/${file}.d.ts`, default: `./dist/cjs/${file}.js` },
  });
  return json({
    name: `@specforge/${name}`,
    version: "0.0.0",
    description: `Typed client for the ${title} API, generated from specforge's OpenAPI description specs/${name}.`,
    type: "module",
    license: "MIT",
    ...(homepage ? { homepage: new URL(`${name}.html`, homepage.endsWith("/") ? homepage : `${homepage}/`).href } : {}),
    ...(repository ? { repository: { ...repository, directory: `packages/${name}` } } : {}),
    keywords: [name, "api-client", "sdk", "openapi", "typescript"],
    sideEffects: false,
    main: "./dist/cjs/index.js",
    types: "./dist/cjs/index.d.ts",
    exports: {
      ".": dist("index"),
      "./openapi": dist(`spec/${name}`),
      "./openapi.json": `./openapi/${name}.json`,
      "./specforge.json": "./openapi/specforge.json",
      "./package.json": "./package.json",
    },
    files: [
      "dist",
      `openapi/${name}.json`,
      `openapi/${name}.mock.json`,
      "openapi/specforge.json",
      "README.md",
      "CHANGELOG.md",
    ],
    engines: { node: ">=20.19" },
    scripts: {
      build: "tsc -p tsconfig.build.json && node ../../scripts/package-dist.mjs",
      typecheck: "tsc -p tsconfig.json --noEmit",
      test: "tsc -p tsconfig.json && vitest run",
    },
    dependencies: { "@specforge/runtime": runtimeVersion },
    devDependencies: { "@specforge/mock": mockVersion },
  });
}

function indexTs(name, title, specRel) {
  const P = pascal(name);
  return `/**
 * @specforge/${name}: every ${title} operation, typed from ${specRel}. The hand-written part is
 * the factories and the error class; credentials go where the spec's security schemes say
 * (\`credentials\`, one per scheme by its name), so a new scheme in the spec needs no edit here.
 *
 * Two ways to call, one call path underneath:
 * - the client object: \`const ${camel(name)} = create${P}Client({ credentials }); await ${camel(name)}.<operation>(init)\`;
 * - standalone functions (a bundler keeps only those you import): \`await <operation>(create${P}({ credentials }), init)\`.
 */
import { createApiClient, createCore, schemeAuth, SpecforgeError, type CallOptions, type Core, type RequestSettings, type SchemeCredentials } from "@specforge/runtime";
import { operationFunctions, securitySchemes, servers, type Client } from "./generated/${name}/operations.gen.js";

export * from "./generated/${name}/operations.gen.js";
// The error hierarchy shared by every provider: \`instanceof AuthenticationError\`, etc.
export * from "@specforge/runtime/errors";
export { paginate, type CallOptions, type RequestSettings } from "@specforge/runtime";

/** Every failed call: the HTTP status and the provider's error body (\`error.body\`). */
export class ${P}Error extends SpecforgeError {
  static readonly matchProvider = ${JSON.stringify(name)};
}

export interface ${P}ClientOptions extends RequestSettings {
  /** One credential per security scheme of the spec, by the scheme's name; each is sent where its scheme says. */
  credentials?: SchemeCredentials<typeof securitySchemes>;
  /** Defaults to the spec's first server. */
  baseUrl?: string;
  /** The I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/** What the standalone operation functions take. */
export type ${P} = Core<CallOptions>;
/** The client object: every operation as a method, \`paginate.<operation>\`, and a core for the standalone functions. */
export type ${P}Client = Client<CallOptions>;

/** A ${title} core for the standalone operation functions (no operation is bundled with it). */
export function create${P}(options: ${P}ClientOptions = {}): ${P} {
  const { credentials, baseUrl, fetch, ...settings } = options;
  const url = baseUrl ?? (servers as readonly { readonly url: string }[])[0]?.url;
  if (!url) throw new TypeError("create${P}: \`baseUrl\` is required (the spec lists no server)");
  const { auth, secrets } = schemeAuth(securitySchemes, credentials);
  return createCore<CallOptions>({ ...settings, baseUrl: url, ...(auth ? { auth } : {}), secrets, errorClass: ${P}Error, ...(fetch ? { fetch } : {}) });
}

/** The ${title} client: every operation as a method, with \`paginate\`. */
export function create${P}Client(options: ${P}ClientOptions = {}): ${P}Client {
  return createApiClient<${P}Client>(create${P}(options), operationFunctions);
}
`;
}

function smokeTest(name) {
  const P = pascal(name);
  return `/// <reference types="@specforge/mock/vitest" />
// The client against its real mock (Prism on the spec): an operation taken from the spec, not
// from a list written here, is called through the client with a credential for every scheme.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { create${P}Client, operationFunctions, securitySchemes } from "../src/index.js";

const baseUrl = inject("mockUrls")[${JSON.stringify(name)}]!;
const spec = JSON.parse(readFileSync(new URL("../openapi/${name}.json", import.meta.url), "utf8"));

type Schema = { default?: unknown; example?: unknown; examples?: unknown[]; enum?: unknown[]; const?: unknown; type?: unknown; format?: string; minimum?: number; items?: Schema; $ref?: string };
type Parameter = { name: string; in: string; required?: boolean; example?: unknown; examples?: Record<string, { value?: unknown }>; schema?: Schema };
const resolve = <T>(node: T): T => {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  return ref ? resolve(ref.slice(2).split("/").reduce((at: any, key) => at?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec)) : node;
};
/** A value the parameter's schema accepts: the spec's example, else one made from its type and format. */
function valueFor(schema: Schema | undefined): unknown {
  const s = resolve(schema) ?? {};
  const given = s.example ?? s.examples?.[0] ?? s.default ?? s.const ?? s.enum?.[0];
  if (given !== undefined) return given;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer" || type === "number") return s.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [valueFor(s.items)];
  if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (s.format === "date-time") return "2024-01-01T00:00:00Z";
  if (s.format === "date") return "2024-01-01";
  if (s.format === "email") return "someone@example.com";
  return "1";
}
const valueOf = (p: Parameter) => p.example ?? Object.values(p.examples ?? {})[0]?.value ?? valueFor(p.schema);

/** The client's first GET operation with an example answer (else its first GET, else its first operation). */
function firstOperation() {
  const byId = new Map(
    Object.values(spec.paths ?? {}).flatMap((item: any) =>
      ["get", "post", "put", "patch", "delete"].filter((m) => item?.[m]?.operationId).map((m) => [item[m].operationId, { op: item[m], shared: item.parameters ?? [] }] as const),
    ),
  );
  const methods = Object.entries(operationFunctions).map(([method, fn]) => ({ method, spec: fn.operation, ...byId.get(fn.operation.name)! }));
  // A GET whose success answer has an example first: Prism answers it at once, where it could take
  // long to make a body up from a large (or recursive) schema.
  const hasExample = (op: any) =>
    Object.entries(op?.responses ?? {}).some(([status, response]: [string, any]) => {
      if (!/^2/.test(status)) return false;
      return Object.values(resolve<any>(response)?.content ?? {}).some((media: any) => media?.example !== undefined || Object.keys(media?.examples ?? {}).length > 0 || resolve<any>(media?.schema)?.examples?.length > 0);
    });
  const gets = methods.filter((m) => m.spec.method === "GET");
  const pick = gets.find((m) => hasExample(m.op)) ?? gets[0] ?? methods[0];
  if (!pick) throw new Error("the spec has no operation the client exposes");
  const init: Record<string, Record<string, unknown>> = {};
  for (const p of [...pick.shared, ...(pick.op.parameters ?? [])].map((x) => resolve<Parameter>(x))) {
    if (!p.required || p.in === "cookie") continue;
    (init[p.in] ??= {})[p.name] = valueOf(p);
  }
  return { id: pick.method as keyof typeof operationFunctions, init };
}

/** A credential for every scheme the client can send (the mock checks presence and form, not value). */
const credentials = Object.fromEntries(
  Object.entries(securitySchemes as Record<string, { type: string; scheme?: string }>)
    .filter(([, s]) => s.type !== "mutualTLS")
    .map(([name, s]) => [name, s.type === "http" && s.scheme?.toLowerCase() === "basic" ? { username: "smoke", password: "smoke-password" } : "smoke-credential"]),
);

describe("${name} client against its mock", () => {
  it("calls an operation of the spec and gets its 2xx answer", async () => {
    const client = create${P}Client({ baseUrl, credentials, maxRetries: 0 });
    const { id, init } = firstOperation();
    const call = client[id] as unknown as (init: object) => Promise<unknown>;
    await expect(call(init)).resolves.not.toBeInstanceOf(Error);
  });

  it("refuses a credential for a scheme the spec does not have", () => {
    expect(() => create${P}Client({ baseUrl, credentials: { "no-such-scheme": "x" } as never })).toThrow(/not a security scheme/);
  });
});
`;
}

function readme({ name, title, port, imported, specRel, overlayRel }) {
  const P = pascal(name);
  return `# @specforge/${name}

A typed client for the ${title} API, generated from ${imported ? `the provider's published OpenAPI description \`${specRel}\` (kept as published; specforge's additions are in \`${overlayRel}\`)` : `specforge's OpenAPI 3.1 description \`${specRel}\``}.
Every operation is a method named by its operationId, and a standalone function a bundler can keep alone.

## Quick start against the local mock

At the repository root: \`npm run mock\` (the ${title} mock listens on <http://127.0.0.1:${port}>; set
\`${upper(name)}_MOCK_PORT\` to move it). Then:

\`\`\`ts
import { create${P}Client, ${P}Error } from "@specforge/${name}";

const ${camel(name)} = create${P}Client({
  baseUrl: "http://127.0.0.1:${port}",
  // One credential per security scheme of the spec, by the scheme's name (see \`securitySchemes\`).
  credentials: {},
});
try {
  // await ${camel(name)}.<operationId>({ path: {...}, query: {...}, body: {...} });
} catch (error) {
  if (error instanceof ${P}Error) console.log(error.status, error.body);
}
\`\`\`

Credentials go where the spec's security schemes say: an \`apiKey\` in its header, the query or a
cookie (not in browsers, which drop a \`Cookie\` header), \`http\` bearer or basic, an \`oauth2\` access
token as \`Bearer\`. Every credential is redacted from errors and hook events.

## Regenerate

${
  imported
    ? `A new release of the provider's spec: replace \`${specRel}\` with it, then \`npm run generate -- ${name}\`. The overlay's
additions stay; an action whose target is gone is reported as a warning.`
    : `Change \`${specRel}\` (docs/spec-conventions.md), then \`npm run generate -- ${name}\`.`
}
\`npm test\` runs this package's smoke test against the real mock.
`;
}

const CHANGELOG = (name) => `# @specforge/${name}

No release yet. Record changes with \`npx changeset\`; \`npx changeset version\` writes the first entry here.
`;

const TSCONFIG = json({
  extends: "../../tsconfig.base.json",
  compilerOptions: { rootDir: ".", noEmit: true },
  include: ["src", "test"],
});
const TSCONFIG_BUILD = json({
  extends: "../../tsconfig.base.json",
  compilerOptions: { rootDir: "src", outDir: "dist" },
  include: ["src"],
});
const VITEST_CONFIG = `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
`;
const GLOBAL_SETUP = (
  name,
) => `// Starts the real Prism-backed mock of this package's API on a free port for the test run.
import { mockGlobalSetup } from "@specforge/mock/vitest";

export default mockGlobalSetup([${JSON.stringify(name)}]);
`;
const ENV_D_TS = `/// <reference types="@specforge/mock/vitest" />\n`;

// ---------------------------------------------------------------------------------------------

/**
 * Adds a provider. Every file is written only after every check passed; if generation or
 * `npm install` fails, every file written is removed and redocly.yaml and package-lock.json are
 * restored.
 * @param {{ repoRoot?: string, name: string, spec?: string, install?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ files: string[], port: number }>}
 */
export async function addProvider({ repoRoot, name, spec, install = true, log = console.log }) {
  const registry = await loadRegistry(repoRoot);
  repoRoot = registry.repoRoot;
  if (!name || !NAME_PATTERN.test(name)) {
    throw new ScaffoldError(
      `"${name ?? ""}" is not a provider name: use lower-case letters and digits, words joined by "-" (e.g. train-travel)`,
    );
  }
  if (registry.apis.some((a) => a.name === name))
    throw new ScaffoldError(`"${name}" exists: redocly.yaml already registers an API of that name`);
  for (const dir of [`specs/${name}`, `packages/${name}`]) {
    if (
      await fs.stat(path.join(repoRoot, dir)).then(
        () => true,
        () => false,
      )
    )
      throw new ScaffoldError(`"${name}" exists: ${dir}/ is already there`);
  }
  const rootPkg = JSON.parse(await fs.readFile(path.join(repoRoot, "package.json"), "utf8"));
  const versionOf = async (pkg) =>
    JSON.parse(await fs.readFile(path.join(repoRoot, "packages", pkg, "package.json"), "utf8")).version;

  const title = pascal(name).replace(/([a-z0-9])([A-Z])/g, "$1 $2");
  const files = new Map(); // repo-relative path -> content (string or Buffer)
  let parsed;
  let specRel;
  let overlayRel;
  if (spec) {
    const source = path.resolve(spec);
    const bytes = await fs.readFile(source).catch((error) => {
      throw new ScaffoldError(`--spec ${spec}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
    const found = await referencedFiles(source);
    parsed = found.parsed;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      throw new ScaffoldError(`--spec ${spec}: not an OpenAPI description (no mapping at the top)`);
    // Swagger 2.0 and OpenAPI 3.0 are upgraded to 3.1 in memory by the pipeline (import.mjs).
    if ("swagger" in parsed && String(parsed.swagger) !== "2.0")
      throw new ScaffoldError(
        `--spec ${spec}: Swagger ${parsed.swagger} is not supported; import a Swagger 2.0 or OpenAPI 3.0 or 3.1 description`,
      );
    if (!("swagger" in parsed) && !/^3\.[01]\.\d+$/.test(String(parsed.openapi)))
      throw new ScaffoldError(
        `--spec ${spec}: openapi: ${parsed.openapi ?? "(missing)"} is not supported; import a Swagger 2.0 or OpenAPI 3.0 or 3.1 description`,
      );
    const base = path.dirname(source);
    for (const file of found.files) {
      const rel = path.relative(base, file);
      if (rel.startsWith("..") || path.isAbsolute(rel))
        throw new ScaffoldError(
          `--spec ${spec}: a $ref reaches ${file}, outside the spec's folder; put the spec and its files in one folder`,
        );
      files.set(path.join("specs", name, rel).split(path.sep).join("/"), await fs.readFile(file));
    }
    specRel = `specs/${name}/${path.basename(source)}`;
    overlayRel = `specs/${name}/specforge.overlay.yaml`;
    if (files.has(overlayRel))
      throw new ScaffoldError(
        `--spec ${spec}: the spec's folder has a file named specforge.overlay.yaml, which specforge's overlay needs`,
      );
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    files.set(overlayRel, starterOverlay(parsed.info?.title ?? title, specRel, sha256));
  } else {
    specRel = `specs/${name}/openapi.yaml`;
    const text = starterSpec(name, title);
    parsed = parseYaml(text);
    files.set(specRel, text);
  }
  // The title goes into comments and Markdown: one line, no comment terminator.
  const displayTitle =
    String(parsed.info?.title ?? title)
      .replace(/\s+/g, " ")
      .replace(/\*\//g, "* /")
      .trim()
      .replace(/\s+API$/i, "") || title;
  const ports = registry.apis.map((a) => a.mockPort).filter((p) => typeof p === "number");
  const port = ports.length ? Math.floor(Math.max(...ports) / 10) * 10 + 10 : 4010;
  // Swagger 2.0 names them securityDefinitions: read them from the document as the pipeline upgrades it.
  const schemes =
    (isSwagger2(parsed) ? upgradeDocument(structuredClone(parsed)) : parsed).components?.securitySchemes ?? {};

  const pkgDir = `packages/${name}`;
  files.set(
    `${pkgDir}/package.json`,
    packageJson({
      name,
      title: displayTitle,
      runtimeVersion: await versionOf("runtime"),
      mockVersion: await versionOf("mock"),
      homepage: rootPkg.homepage,
      repository: rootPkg.repository,
    }),
  );
  files.set(`${pkgDir}/tsconfig.json`, TSCONFIG);
  files.set(`${pkgDir}/tsconfig.build.json`, TSCONFIG_BUILD);
  files.set(`${pkgDir}/vitest.config.ts`, VITEST_CONFIG);
  files.set(`${pkgDir}/src/index.ts`, indexTs(name, displayTitle, specRel));
  files.set(`${pkgDir}/test/global-setup.ts`, GLOBAL_SETUP(name));
  files.set(`${pkgDir}/test/env.d.ts`, ENV_D_TS);
  files.set(`${pkgDir}/test/smoke.test.ts`, smokeTest(name));
  files.set(
    `${pkgDir}/README.md`,
    readme({ name, title: displayTitle, port, imported: Boolean(spec), specRel, overlayRel }),
  );
  files.set(`${pkgDir}/CHANGELOG.md`, CHANGELOG(name));

  // Suites over every API (a private workspace depending on @specforge/codegen and on every client
  // package the registry names, e.g. e2e's samples and docs tests) depend on the new client too,
  // so turbo builds it before they run.
  const clientPackages = [...new Set(registry.apis.map((a) => a.packageName))];
  const suiteEdits = new Map(); // absolute package.json -> [before, after]
  for (const dir of await fs.readdir(path.join(repoRoot, "packages"))) {
    const file = path.join(repoRoot, "packages", dir, "package.json");
    const text = await fs.readFile(file, "utf8").catch(() => undefined);
    if (!text) continue;
    const manifest = JSON.parse(text);
    const deps = manifest.dependencies ?? {};
    if (
      !manifest.private ||
      !deps["@specforge/codegen"] ||
      !clientPackages.length ||
      !clientPackages.every((p) => deps[p])
    )
      continue;
    manifest.dependencies = { ...deps, [`@specforge/${name}`]: "0.0.0" };
    suiteEdits.set(file, [text, json(manifest)]);
  }

  const registryFile = path.join(repoRoot, "redocly.yaml");
  const lockFile = path.join(repoRoot, "package-lock.json");
  const registryBefore = await fs.readFile(registryFile, "utf8");
  const lockBefore = await fs.readFile(lockFile, "utf8").catch(() => undefined);
  const registryAfter = withRegistryEntry(
    registryBefore,
    registryEntry({ name, specRel, overlayRel, port, imported: Boolean(spec), schemes }),
  );

  const written = [];
  const rollback = async () => {
    for (const dir of [path.join(repoRoot, "specs", name), path.join(repoRoot, pkgDir)])
      await fs.rm(dir, { recursive: true, force: true });
    await fs.writeFile(registryFile, registryBefore);
    for (const [file, [before]] of suiteEdits) await fs.writeFile(file, before);
    if (lockBefore !== undefined) await fs.writeFile(lockFile, lockBefore);
    await fs.rm(path.join(repoRoot, "node_modules", "@specforge", name), { recursive: true, force: true });
  };
  try {
    for (const [rel, content] of files) {
      const file = path.join(repoRoot, rel);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content, { flag: "wx" });
      written.push(rel);
    }
    await fs.writeFile(registryFile, registryAfter);
    for (const [file, [, after]] of suiteEdits) await fs.writeFile(file, after);
    log(
      `${name}: wrote ${written.length} files and its redocly.yaml entry (mock port ${port}, ${upper(name)}_MOCK_PORT)`,
    );
    const problems = [];
    await generate({ repoRoot, only: [name], log }).catch((error) => {
      problems.push(...(error?.lines ?? [String(error?.message ?? error)]));
    });
    if (problems.length)
      throw new ScaffoldError(`the new provider does not generate:\n${problems.map((l) => `  ${l}`).join("\n")}`);
    if (install) {
      log(`${name}: npm install (links @specforge/${name} into the workspace)`);
      const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
      });
      if (npm.status !== 0)
        throw new ScaffoldError(
          `npm install failed:\n${(npm.stderr || npm.stdout || "").trim().split("\n").slice(-10).join("\n")}`,
        );
    }
  } catch (error) {
    await rollback();
    if (error instanceof ScaffoldError)
      throw new ScaffoldError(
        `${error.message}\nnothing was added (every file written was removed, redocly.yaml restored)`,
      );
    throw error;
  }
  return {
    files: [...written, "redocly.yaml", ...[...suiteEdits.keys()].map((f) => path.relative(repoRoot, f))],
    port,
    specRel,
    overlayRel,
  };
}

/** `npm run add-provider -- <name> [--spec <file>] [--no-install]`; returns the exit code. */
export async function runAddProviderCli(args, { repoRoot, out = console.log, err = console.error } = {}) {
  const usage = "usage: npm run add-provider -- <name> [--spec <openapi-3.0-or-3.1-file>] [--no-install]";
  if (args.includes("--help") || args.includes("-h")) {
    out(usage);
    return 0;
  }
  const rest = [...args];
  let spec;
  const at = rest.indexOf("--spec");
  if (at !== -1) {
    spec = rest[at + 1];
    if (!spec || spec.startsWith("-")) {
      err(`add-provider: --spec needs a file\n${usage}`);
      return 2;
    }
    rest.splice(at, 2);
  }
  const install = !rest.includes("--no-install");
  const names = rest.filter((a) => a !== "--no-install");
  const unknown = names.filter((a) => a.startsWith("-"));
  if (unknown.length || names.length !== 1) {
    err(
      `add-provider: ${unknown.length ? `unknown option ${unknown.join(", ")}` : "give one provider name"}\n${usage}`,
    );
    return 2;
  }
  try {
    const { files, port } = await addProvider({ repoRoot, name: names[0], spec, install, log: out });
    const name = names[0];
    out(`${name}: added (${files.length} files). Next:`);
    out(
      `  ${spec ? `edit specs/${name}/specforge.overlay.yaml for paging, provenance and mock rules` : `write the provider's operations into specs/${name}/openapi.yaml (docs/spec-conventions.md)`}`,
    );
    out(`  npm run generate -- ${name}    # after each spec change`);
    out(
      `  npm test                      # its smoke test calls the mock on a free port (npm run mock serves it on ${port})`,
    );
    return 0;
  } catch (error) {
    err(
      `add-provider: ${error instanceof ScaffoldError ? error.message : process.env.SPECFORGE_DEBUG ? error?.stack : String(error?.message ?? error)}`,
    );
    return 1;
  }
}
