// Lints an API with the project's Redocly rules and turns problems into one-line reports
// (file:line:col rule message) that point at the hand-written source, not the bundle.
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import {
  BaseResolver,
  lint,
  lintDocument,
  getLineColLocation,
  parseYaml,
  Source,
  YamlParseError,
} from "@redocly/openapi-core";
import { escapePointer, pointerTo, resolvePointer, unescapePointer } from "@specforge/model";

export class SpecLintError extends Error {
  constructor(api, problems) {
    super(`${api}: the spec breaks ${problems.length} lint rule(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "SpecLintError";
    this.problems = problems;
  }
}

export function formatProblem(problem, repoRoot) {
  const loc = problem.location?.[0];
  let where = "(unknown location)";
  if (loc?.source) {
    const file = path.relative(repoRoot, loc.source.absoluteRef);
    try {
      const { start } = getLineColLocation(loc);
      where = `${file}:${start.line}:${start.col}`;
    } catch {
      where = `${file}#${loc.pointer ?? ""}`;
    }
  }
  return `${where} ${problem.severity} ${problem.ruleId}: ${problem.message}`;
}

/**
 * Lints an imported API's document (upgraded, overlaid and bundled in memory by import.mjs) with
 * its registry entry's rules (`extends: [minimal, specforge/imported]`); returns warnings as lines
 * and throws SpecLintError on any error.
 */
export async function lintImportedDocument(api, repoRoot, document) {
  const problems = await lintDocument({
    document,
    config: api.config,
    externalRefResolver: new BaseResolver(api.config.resolve),
  });
  const errors = problems.filter((p) => p.severity === "error").map((p) => formatProblem(p, repoRoot));
  const warnings = problems.filter((p) => p.severity === "warn").map((p) => formatProblem(p, repoRoot));
  if (errors.length) throw new SpecLintError(api.name, [...errors, ...warnings]);
  return warnings;
}

/** Lints one API; returns warnings as lines and throws SpecLintError on any error. */
export async function lintApi(api, repoRoot) {
  const problems = await lint({ ref: api.root, config: api.config });
  const errors = problems.filter((p) => p.severity === "error").map((p) => formatProblem(p, repoRoot));
  const warnings = problems.filter((p) => p.severity === "warn").map((p) => formatProblem(p, repoRoot));
  if (errors.length) throw new SpecLintError(api.name, [...errors, ...warnings]);
  return warnings;
}

const relative = (repoRoot, file) => path.relative(repoRoot, file) || file;

/** One problem line in the lint format, for problems found outside Redocly's rules. */
export function problemLine(repoRoot, file, line, col, rule, message) {
  return `${relative(repoRoot, file)}:${line}:${col} error ${rule}: ${message}`;
}

function lineColOf(source, pointer) {
  try {
    const { start } = getLineColLocation({ source, pointer, reportOnKey: false });
    return [start.line, start.col];
  } catch {
    return [1, 1];
  }
}

/** A `$ref` to another file: the file part (without the fragment), or undefined for local or remote refs. */
function externalFile(ref) {
  if (typeof ref !== "string" || ref.startsWith("#") || /^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return undefined;
  return decodeURIComponent(ref.split("#")[0]);
}

function* refsOf(node, pointer = "#") {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* refsOf(node[i], `${pointer}/${i}`);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (key === "$ref" && typeof value === "string") yield { ref: value, pointer: at };
      else yield* refsOf(value, at);
    }
  }
}

/** The node a file's local pointer names (its tokens may be URI-encoded, as YAML files write them). */
const pointerGet = (doc, pointer) =>
  resolvePointer(
    doc,
    pointerTo(
      ...pointer
        .slice(2)
        .split("/")
        .map((part) => unescapePointer(decodeURIComponent(part))),
    ),
  );

/** Local `$ref` chains of one file that come back to where they started (a reference to nothing). */
function refCycles(doc) {
  const found = [];
  const reported = new Set();
  for (const { ref } of refsOf(doc)) {
    if (!ref.startsWith("#/")) continue;
    const chain = [ref];
    let at = ref;
    for (let hop = 0; hop < 64; hop++) {
      const node = pointerGet(doc, at);
      const next = node && typeof node === "object" ? node.$ref : undefined;
      if (typeof next !== "string" || !next.startsWith("#/")) break;
      if (chain.includes(next)) {
        const cycle = [...chain.slice(chain.indexOf(next)), next];
        const key = [...cycle].sort().join(" ");
        if (!reported.has(key)) {
          reported.add(key);
          found.push({ pointer: `${next}/$ref`.replace(/^#/, "#"), chain: cycle });
        }
        break;
      }
      chain.push(next);
      at = next;
    }
  }
  return found;
}

/**
 * Reads every file of an API (the root and each file a `$ref` reaches) before Redocly does, so a
 * file that is missing, empty, binary or not YAML stops the run with one line naming it (Redocly
 * throws on these, or reports them without the file that broke).
 * @returns {Promise<string[]>} the problem lines (empty when every file reads)
 */
export async function preflightProblems(api, repoRoot) {
  const problems = [];
  const seen = new Set();
  const visit = async (file, from) => {
    if (seen.has(file)) return;
    seen.add(file);
    let bytes;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      const why =
        error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "a folder, not a file" : error.message;
      if (from)
        problems.push(
          problemLine(
            repoRoot,
            from.file,
            ...lineColOf(from.source, from.pointer),
            "missing-file",
            `$ref "${from.ref}": ${why} (${relative(repoRoot, file)})`,
          ),
        );
      else problems.push(problemLine(repoRoot, file, 1, 1, "missing-file", `${why}`));
      return;
    }
    // A `$ref` to a Markdown or text file (a description kept in its own file) is read as text.
    const asText = from && !/\.(ya?ml|json)$/i.test(file);
    if (bytes.includes(0))
      return void problems.push(
        problemLine(
          repoRoot,
          file,
          1,
          1,
          "binary-file",
          asText ? "a binary file, not text" : "a binary file, not YAML or JSON",
        ),
      );
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return void problems.push(problemLine(repoRoot, file, 1, 1, "binary-file", "not UTF-8 text (a binary file?)"));
    }
    if (asText) return;
    if (!text.trim()) return void problems.push(problemLine(repoRoot, file, 1, 1, "empty-file", "the file is empty"));
    const source = new Source(file, text.replace(/\r\n/g, "\n"));
    let parsed;
    try {
      parsed = parseYaml(source.body, { filename: file });
    } catch (error) {
      const mark = error.mark;
      const message = String(error.reason ?? error.message).split("\n")[0];
      return void problems.push(
        problemLine(repoRoot, file, (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1, "yaml-syntax", message),
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      const found = parsed === null ? "nothing" : Array.isArray(parsed) ? "a list" : `a ${typeof parsed}`;
      return void problems.push(
        problemLine(repoRoot, file, 1, 1, "not-a-document", `expected a YAML or JSON mapping, found ${found}`),
      );
    }
    if (!from) {
      // specforge reads OpenAPI 3.1 (docs/spec-conventions.md); Redocly throws on other versions.
      if ("swagger" in parsed && !(api.imported && String(parsed.swagger) === "2.0")) {
        problems.push(
          problemLine(
            repoRoot,
            file,
            ...lineColOf(source, "#/swagger"),
            "unsupported-version",
            api.imported
              ? `Swagger ${parsed.swagger} is not supported: import a Swagger 2.0 or OpenAPI 3.0 or 3.1 description`
              : `Swagger ${parsed.swagger} is not supported: write OpenAPI 3.1 (openapi: 3.1.0)`,
          ),
        );
      } else if (api.imported && !("swagger" in parsed) && !/^3\.[01]\.\d+$/.test(String(parsed.openapi))) {
        // An imported spec may be Swagger 2.0, 3.0 or 3.1 (the pipeline upgrades 2.0 and 3.0, import.mjs).
        const where = "openapi" in parsed ? lineColOf(source, "#/openapi") : [1, 1];
        problems.push(
          problemLine(
            repoRoot,
            file,
            ...where,
            "unsupported-version",
            `openapi: ${parsed.openapi ?? "(missing)"} is not supported: import a Swagger 2.0 or OpenAPI 3.0 or 3.1 description`,
          ),
        );
      } else if (!api.imported && !/^3\.1\.\d+$/.test(String(parsed.openapi))) {
        const where = "openapi" in parsed ? lineColOf(source, "#/openapi") : [1, 1];
        const hint = /^3\.0\./.test(String(parsed.openapi))
          ? "write OpenAPI 3.1 (openapi: 3.1.0), or add a published 3.0 description as is with `npm run add-provider -- <name> --spec <file>`"
          : "write OpenAPI 3.1 (openapi: 3.1.0)";
        problems.push(
          problemLine(
            repoRoot,
            file,
            ...where,
            "unsupported-version",
            `openapi: ${parsed.openapi ?? "(missing)"} is not supported: ${hint}`,
          ),
        );
      }
    }
    problems.push(
      ...refCycles(parsed).map(({ pointer, chain }) =>
        problemLine(
          repoRoot,
          file,
          ...lineColOf(source, pointer),
          "circular-ref",
          `circular $ref: ${chain.join(" -> ")}`,
        ),
      ),
    );
    for (const { ref, pointer } of refsOf(parsed)) {
      const target = externalFile(ref);
      if (target) await visit(path.resolve(path.dirname(file), target), { file, source, pointer, ref });
    }
  };
  await visit(api.root);
  return problems;
}

/** Throws SpecLintError when a file of the API cannot be read as YAML (see preflightProblems). */
export async function preflight(api, repoRoot) {
  const problems = await preflightProblems(api, repoRoot);
  if (problems.length) throw new SpecLintError(api.name, problems);
}

/**
 * Turns anything a failed build throws into problem lines: lint problems as they are, and any other
 * error (a derivation the spec does not support, a crash in a tool) as one line at the API's root
 * file, so no run ends in a stack trace.
 */
export function problemLines(error, api, repoRoot) {
  if (error instanceof SpecLintError) return error.problems;
  if (error instanceof YamlParseError) {
    return [
      problemLine(
        repoRoot,
        error.source?.absoluteRef ?? api.root,
        error.line || 1,
        error.col || 1,
        "yaml-syntax",
        error.message.replace(/\s*\(\d+:\d+\)$/, ""),
      ),
    ];
  }
  const message = String(error?.message ?? error).split("\n")[0];
  // Derivation errors name the element as a JSON pointer (`#/components/schemas/X: ...`); point at
  // it when the root file holds it.
  let [line, col] = [1, 1];
  const pointer = /^(#\/[^\s:]+)/.exec(message)?.[1];
  if (pointer) {
    try {
      const text = readFileSync(api.root, "utf8");
      if (pointerGet(parseYaml(text), pointer) !== undefined)
        [line, col] = lineColOf(new Source(api.root, text), pointer);
    } catch {
      // keep 1:1
    }
  }
  return [problemLine(repoRoot, api.root, line, col, "specforge/generate", message)];
}
