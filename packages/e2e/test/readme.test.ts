// Every complete TypeScript example in the READMEs (a ```ts block that starts with an import)
// compiles, strict, against the built packages, as a user's file would. Fragments (blocks that
// continue an earlier example) are not complete programs and are not checked here; the docs'
// samples (samples.test.ts) and the ecosystem suite run code against the mocks.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const READMES = [
  "README.md",
  ...["runtime", "trustedtwin", "middletwin", "midaxo", "mock"].map((p) => `packages/${p}/README.md`),
];

interface Example {
  readme: string;
  line: number;
  code: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const readme of READMES) {
    const text = fs.readFileSync(path.join(repoRoot, readme), "utf8");
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      const code = match[1]!;
      // Complete examples start with their imports (after any comment lines).
      if (!/^import /.test(code.replace(/^(\/\/.*\n)+/, ""))) continue;
      out.push({ readme, line: text.slice(0, match.index).split("\n").length, code });
    }
  }
  return out;
}

const found = examples();
const dir = fs.mkdtempSync(path.join(repoRoot, "packages", "e2e", ".readme-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("README examples", () => {
  it("there are complete examples in the READMEs", () => {
    expect(found.length).toBeGreaterThanOrEqual(8);
  });

  it("each complete example compiles (strict, NodeNext, against the built packages)", () => {
    const files = found.map((example, i) => {
      const file = path.join(dir, `example-${i}.mts`);
      // `export {}` makes each example a module of its own, so top-level await and names do not clash.
      fs.writeFileSync(file, `${example.code}\nexport {};\n`);
      return { file, example };
    });
    const program = ts.createProgram(
      files.map((f) => f.file),
      {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
        types: ["node"],
      },
    );
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const owner = files.find((f) => f.file === d.file?.fileName);
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      const origin = owner ? `${owner.example.readme}:${owner.example.line + 1 + where}` : (d.file?.fileName ?? "");
      return `${origin}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(problems).toEqual([]);
  });
});
