// Type-checks an agent's snippet before it runs, with TypeScript (5.9, the last line with a compiler
// API) against the client package's own .d.ts: the snippet is the body of
// `async function (client: Client)`, where Client is the factory's return type narrowed to what the
// sandbox bridges. One LanguageService per API is kept warm: the package's declarations are read and
// bound once, and each check re-reads only the snippet. The same module strips the types (transpile)
// so the sandbox runs plain JavaScript. This module is the only one that imports typescript.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import ts from "typescript";

/** The snippet's line in the wrapper starts after these lines (see `wrap`). */
const HEADER_LINES = 4;
/** What the sandbox gives the code besides `client`: a console whose lines come back with the result. */
const CONSOLE =
  "declare const console: { log(...values: unknown[]): void; info(...values: unknown[]): void; warn(...values: unknown[]): void; error(...values: unknown[]): void; debug(...values: unknown[]): void };";

const OPTIONS = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  // The language only: no DOM (fetch) and no @types (process, require), as in the sandbox.
  lib: ["lib.es2022.d.ts"],
  types: [],
  noEmit: true,
  skipLibCheck: true,
  allowJs: false,
};

/** The package's ESM type entry (its exports map's import.types for "."). */
function typesEntry(packageDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
  const root = pkg.exports?.["."] ?? pkg.exports;
  const pick = (target) => {
    if (typeof target === "string") return target.endsWith(".d.ts") ? target : undefined;
    if (!target || typeof target !== "object") return undefined;
    return pick(target.types) ?? pick(target.import) ?? pick(target.default);
  };
  const entry = pick(root) ?? pkg.types ?? pkg.typings;
  if (!entry) throw new Error(`${pkg.name} has no type declarations to check code against`);
  return path.resolve(packageDir, entry);
}

/**
 * A warm checker for one API's client.
 * @param {object} options
 * @param {string} options.packageDir  the client package's folder
 * @param {string} options.factory     the factory whose return type is the client (`createXClient`)
 * @param {string[]} options.members   what the sandbox's `client` has (operations, `paginate`, `call`)
 */
export function createTypeChecker({ packageDir, factory, members }) {
  const declarations = typesEntry(packageDir);
  const file = path.join(path.dirname(declarations), "__specforge_code_mode__.ts");
  const importPath = `./${path.basename(declarations).replace(/\.d\.ts$/, ".js")}`;
  const header = [
    `import type { ${factory} } from ${JSON.stringify(importPath)};`,
    `type Client = Pick<ReturnType<typeof ${factory}>, ${members.map((m) => JSON.stringify(m)).join(" | ")}>;`,
    CONSOLE,
    "export async function run(client: Client) {",
  ];
  if (header.length !== HEADER_LINES) throw new Error("typecheck: the wrapper's header changed; update HEADER_LINES");
  let text = "";
  let version = 0;
  const snapshots = new Map();
  const snapshot = (name) => {
    if (name === file) return ts.ScriptSnapshot.fromString(text);
    if (!snapshots.has(name)) {
      const content = ts.sys.readFile(name);
      snapshots.set(name, content === undefined ? undefined : ts.ScriptSnapshot.fromString(content));
    }
    return snapshots.get(name);
  };
  const host = {
    getScriptFileNames: () => [file],
    getScriptVersion: (name) => (name === file ? String(version) : "0"),
    getScriptSnapshot: snapshot,
    getCurrentDirectory: () => path.dirname(file),
    getCompilationSettings: () => OPTIONS,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  /**
   * Checks a snippet: `{ ok: true, js }` (the snippet as JavaScript, for the sandbox) or
   * `{ ok: false, errors }`, each `line L, column C: message (TSnnnn)` with the snippet's own lines.
   */
  function check(code) {
    text = `${header.join("\n")}\n${code}\n}\n`;
    version++;
    const diagnostics = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)];
    const errors = diagnostics
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (d.start === undefined) return `${message} (TS${d.code})`;
        const { line, character } = ts.getLineAndCharacterOfPosition(
          d.file ?? service.getProgram().getSourceFile(file),
          d.start,
        );
        const at = line - HEADER_LINES + 1;
        return at >= 1 ? `line ${at}, column ${character + 1}: ${message} (TS${d.code})` : `${message} (TS${d.code})`;
      });
    if (errors.length) return { ok: false, errors };
    return { ok: true, js: transpile(code) };
  }

  /** Loads and binds the declarations ahead of the first check (a server does it at start). */
  const warm = () => check("return null;");
  return { check, warm };
}

/** The snippet without its types, as the body of a function (what the sandbox wraps and runs). */
export function transpile(code) {
  const wrapped = `async function __run(client: any) {\n${code}\n}`;
  const { outputText } = ts.transpileModule(wrapped, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    reportDiagnostics: false,
  });
  const start = outputText.indexOf("{\n") + 2;
  const end = outputText.lastIndexOf("}");
  return outputText.slice(start, end);
}

/**
 * The same checker on its own thread (check-worker.mjs), so a check never blocks the server:
 * `check(code)` and `warm()` answer promises; `close()` ends the thread.
 * @param {{ packageDir: string, factory: string, members: string[] }} options
 */
export function createCheckerThread(options) {
  const worker = new Worker(new URL("./check-worker.mjs", import.meta.url), { workerData: options });
  worker.unref();
  const waiting = new Map();
  let next = 0;
  let failure;
  worker.on("message", ({ id, ok, result, message }) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    if (!waiting.size) worker.unref();
    if (ok) pending?.resolve(result);
    else pending?.reject(new Error(message));
  });
  worker.on("error", (error) => {
    failure = error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  });
  const ask = (code) => {
    if (failure) return Promise.reject(new Error(`the type checker stopped: ${failure.message}`));
    return new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, code });
    });
  };
  return {
    check: (code) => ask(code),
    warm: () => ask(undefined),
    close: () => worker.terminate(),
  };
}
