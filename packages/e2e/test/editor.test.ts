// What an editor shows on hover, asked of the TypeScript language service as an editor asks it:
// a consumer file importing the built packages, quick info at each method and function. Every
// generated method carries its spec's summary, a deprecation, an Inferred note and a docs link.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const CONSUMER = `import { createTrustedTwinClient, createTrustedTwin, get_twin } from "@specforge/trustedtwin";
import { createMiddletwinClient } from "@specforge/middletwin";
import { createMidaxoClient } from "@specforge/midaxo";

const tt = createTrustedTwinClient({ secret: "s" });
const mt = createMiddletwinClient({ publicKey: "p", secretKey: "k" });
const midaxo = createMidaxoClient({ region: "eu", clientId: "i", clientSecret: "s" });

export async function run() {
  await tt.get_twin({ path: { twin: "t" } });
  await get_twin(createTrustedTwin({ secret: "s" }), { path: { twin: "t" } });
  await tt.update_indexes_access({ body: {} as never });
  await mt.get_all_members({ limit: 2 });
  await mt.get_member({ id: "m" } as never);
  await midaxo.list_projects({ path: { processId: "p" } });
  for await (const twin of tt.paginate.scan_twins()) void twin;
}
`;

// A consumer project beside the workspace's node_modules (the packages resolve to their dist).
const dir = fs.mkdtempSync(path.join(repoRoot, "packages", "e2e", ".editor-"));
const file = path.join(dir, "consumer.ts");
fs.writeFileSync(file, CONSUMER);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  types: [],
};

const host: ts.LanguageServiceHost = {
  getScriptFileNames: () => [file],
  getScriptVersion: () => "1",
  getScriptSnapshot: (name) =>
    fs.existsSync(name) ? ts.ScriptSnapshot.fromString(fs.readFileSync(name, "utf8")) : undefined,
  getCurrentDirectory: () => dir,
  getCompilationSettings: () => options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
  realpath: ts.sys.realpath,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());

/** The hover text at the first occurrence of `needle` (at its last character): signature, docs and tags. */
function hover(needle: string): { signature: string; docs: string; tags: Record<string, string> } {
  const at = CONSUMER.indexOf(needle);
  if (at < 0) throw new Error(`${needle} is not in the consumer`);
  const info = service.getQuickInfoAtPosition(file, at + needle.length - 1);
  if (!info) throw new Error(`no quick info at ${needle}`);
  const text = (parts?: ts.SymbolDisplayPart[]) => ts.displayPartsToString(parts);
  return {
    signature: text(info.displayParts),
    docs: text(info.documentation),
    tags: Object.fromEntries((info.tags ?? []).map((t) => [t.name, text(t.text)])),
  };
}

describe("hover in an editor", () => {
  it("the consumer compiles against the published declarations", () => {
    const problems = [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    );
    expect(problems).toEqual([]);
  });

  it("tt.get_twin shows its summary, description and docs link", () => {
    const { signature, docs, tags } = hover("tt.get_twin");
    expect(signature).toContain("get_twin");
    expect(docs).toMatch(/^Get a twin/);
    expect(docs).toContain("creation certificate");
    expect(tags.see).toContain("https://specforge.github.io/specforge/trustedtwin.html#/twins/get_twin");
  });

  it("the standalone get_twin function shows the same docs", () => {
    expect(hover("await get_twin").docs).toMatch(/^Get a twin/);
  });

  it("a deprecated operation says so (@deprecated)", () => {
    const { tags } = hover("tt.update_indexes_access");
    expect(tags).toHaveProperty("deprecated");
  });

  it("mt.get_all_members shows its summary; an inferred action says it is inferred", () => {
    expect(hover("mt.get_all_members").docs).toMatch(/^List (all )?members/i);
    expect(hover("mt.get_member").docs).toContain("**Inferred**: not in the provider's documentation.");
    expect(hover("mt.get_all_members").docs).not.toContain("Inferred");
  });

  it("midaxo.list_projects and a paginator show their summaries", () => {
    expect(hover("midaxo.list_projects").docs.length).toBeGreaterThan(10);
    expect(hover("paginate.scan_twins").docs).toContain("every item, page after page");
  });
});
