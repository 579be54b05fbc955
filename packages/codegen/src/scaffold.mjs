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
import { fileURLToPath } from "node:url";
import { parseYaml } from "@redocly/openapi-core";
import { loadRegistry } from "./config.mjs";
import { generate } from "./generate.mjs";
import { isSwagger2, upgradeDocument } from "./import.mjs";
import { envName } from "./samples.mjs";
import { quickStartExample } from "./scaffold-readme.mjs";

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
// The templates (templates/provider/): real files, linted and type-checked as code. Names are
// written as placeholders that are valid code themselves (`provider-name`, `ProviderName`,
// `providerName`, `PROVIDER_NAME`, `Provider Title`, `specs/provider-name/openapi.yaml`); facts
// only prose holds are `{{name}}` markers. One pass replaces them all, so a value is never re-read.

const TEMPLATES = fileURLToPath(new URL("../templates/provider/", import.meta.url));

/** The files of a new client package, by their path inside it (under templates/provider/package/). */
const PACKAGE_TEMPLATES = [
  "tsconfig.json",
  "tsconfig.build.json",
  "vitest.config.ts",
  "src/index.ts",
  "test/global-setup.ts",
  "test/env.d.ts",
  "test/smoke.test.ts",
  "README.md",
  "CHANGELOG.md",
];

/** The placeholders of a provider's name and title, and the prose facts given. */
function placeholders({ name, title, specRel }, facts = {}) {
  return {
    "specs/provider-name/openapi.yaml": specRel ?? `specs/${name}/openapi.yaml`,
    ProviderName: pascal(name),
    providerName: camel(name),
    PROVIDER_NAME: upper(name),
    "provider-name": name,
    "Provider Title": title,
    ...Object.fromEntries(Object.entries(facts).map(([key, value]) => [`{{${key}}}`, String(value)])),
  };
}

/** A template with its placeholders replaced. */
async function render(rel, values) {
  const text = await fs.readFile(path.join(TEMPLATES, rel), "utf8");
  const missing = (text.match(/\{\{\w+\}\}/g) ?? []).find((marker) => !(marker in values));
  if (missing) throw new Error(`templates/provider/${rel}: no value for ${missing}`);
  const pattern = new RegExp(Object.keys(values).map(escapeRegExp).join("|"), "g");
  return text.replace(pattern, (token) => values[token]);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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
    "      client:",
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

function packageJson({ name, title, runtimeVersion, mockVersion, modelVersion, homepage, repository }) {
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
      "./openapi.mock.json": `./openapi/${name}.mock.json`,
      "./specforge.json": "./openapi/specforge.json",
      "./package.json": "./package.json",
    },
    files: [
      "dist",
      `openapi/${name}.json`,
      `openapi/${name}.mock.json`,
      `openapi/${name}.samples.json`,
      "openapi/specforge.json",
      "README.md",
      "CHANGELOG.md",
    ],
    engines: { node: ">=20.19" },
    scripts: {
      build: "tsc -p tsconfig.build.json && specforge-package-dist",
      typecheck: "tsc -p tsconfig.json --noEmit",
      test: "tsc -p tsconfig.json && vitest run",
    },
    dependencies: { "@specforge/runtime": runtimeVersion },
    // The smoke test reads the spec through the model (its operations, examples and `$ref`s).
    devDependencies: { "@specforge/mock": mockVersion, "@specforge/model": modelVersion },
  });
}

/** What the README says about where the spec comes from and how to regenerate. */
function readmeFacts({ name, port, imported, specRel, overlayRel }) {
  return {
    mockPort: port,
    specSource: imported
      ? `the provider's published OpenAPI description \`${specRel}\` (kept as published; specforge's additions are in \`${overlayRel}\`)`
      : `specforge's OpenAPI 3.1 description \`${specRel}\``,
    regenerate: imported
      ? `A new release of the provider's spec: replace \`${specRel}\` with it, then \`npm run generate -- ${name}\`. The overlay's\nadditions stay; an action whose target is gone is reported as a warning.`
      : `Change \`${specRel}\` (docs/spec-conventions.md), then \`npm run generate -- ${name}\`.`,
  };
}

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
    files.set(
      overlayRel,
      await render(
        "spec/specforge.overlay.yaml",
        placeholders({ name, title: parsed.info?.title ?? title, specRel }, { specSha256: sha256 }),
      ),
    );
  } else {
    specRel = `specs/${name}/openapi.yaml`;
    const text = await render("spec/openapi.yaml", placeholders({ name, title }));
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
      modelVersion: await versionOf("model"),
      homepage: rootPkg.homepage,
      repository: rootPkg.repository,
    }),
  );
  const packageValues = placeholders(
    { name, title: displayTitle, specRel },
    readmeFacts({ name, port, imported: Boolean(spec), specRel, overlayRel }),
  );
  // The README is rendered once the package is generated: its quick start is an operation's docs sample.
  for (const rel of PACKAGE_TEMPLATES.filter((r) => r !== "README.md"))
    files.set(`${pkgDir}/${rel}`, await render(`package/${rel}`, packageValues));

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
    const quickStart = await quickStartExample(path.join(repoRoot, pkgDir), port);
    const readme = await render("package/README.md", { ...packageValues, "{{quickStart}}": quickStart });
    await fs.writeFile(path.join(repoRoot, pkgDir, "README.md"), readme, { flag: "wx" });
    written.push(`${pkgDir}/README.md`);
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
