// The registry of `x-` extensions (src/extensions.mjs) is complete and documented: every entry is
// in docs/spec-conventions.md (row by row: where, by whom, what it means), every extension the code reads is registered, and the rule that
// enforces it on specs is enabled for the repository's APIs.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EXTENSIONS, EXTENSION_NAMES } from "../src/extensions.mjs";
import { loadRegistry } from "../src/config.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.(mjs|cjs|ts)$/.test(entry.name) && !full.includes(`${path.sep}generated${path.sep}`))
      out.push(full);
  }
  return out;
}

describe("the extension registry", () => {
  it("has one entry per name, each with a place and a meaning", () => {
    expect(EXTENSION_NAMES.size).toBe(EXTENSIONS.length);
    for (const e of EXTENSIONS) {
      expect(e.name).toMatch(/^x-[A-Za-z][A-Za-z-]*$/);
      expect(e.meaning.length).toBeGreaterThan(10);
      expect(["specforge", "redoc", "derived", "config"]).toContain(e.by);
      if (e.by === "specforge" || e.by === "redoc") expect(e.in.length, e.name).toBeGreaterThan(0);
    }
  });

  it("docs/spec-conventions.md documents every extension in the list, and no other, row by row as the registry says", async () => {
    const doc = await fs.readFile(path.join(repoRoot, "docs", "spec-conventions.md"), "utf8");
    const start = doc.indexOf("## Extensions specforge understands");
    expect(start).toBeGreaterThan(-1);
    const next = doc.indexOf("\n## ", start + 1);
    const section = doc.slice(start, next === -1 ? undefined : next);
    const rows = [...section.matchAll(/^\| `(x-[A-Za-z-]+)` \| (.*?) \| (.*?) \| (.*) \|$/gm)].map((m) => ({
      name: m[1],
      where: m[2],
      by: m[3],
      meaning: m[4],
    }));
    expect(rows.map((r) => r.name).sort()).toEqual(EXTENSIONS.map((e: { name: string }) => e.name).sort());
    const NOT_IN_SPECS: Record<string, string> = {
      derived: "not in specs: derived views",
      config: "not in specs: redocly.yaml",
    };
    for (const e of EXTENSIONS as { name: string; in: string[]; by: string; meaning: string }[]) {
      const row = rows.find((r) => r.name === e.name);
      expect(row, e.name).toEqual({
        name: e.name,
        where: e.in.length ? e.in.join(", ") : NOT_IN_SPECS[e.by],
        by: e.by,
        meaning: e.meaning,
      });
    }
  });

  it("registers every extension that codegen, runtime, mock and the clients read", async () => {
    const { apis } = await loadRegistry(repoRoot);
    const clientSources = [
      ...new Set(apis.map((api: { packageDir: string }) => path.relative(repoRoot, path.join(api.packageDir, "src")))),
    ];
    const dirs = [
      "packages/codegen/src",
      "packages/runtime/src",
      "packages/mock/src",
      "packages/mcp/src",
      ...clientSources,
    ];
    const used = new Set<string>();
    for (const dir of dirs) {
      // A folder that moved or is empty fails here, rather than contributing no names.
      const files = await sources(path.join(repoRoot, dir));
      expect(files.length, `${dir} has sources`).toBeGreaterThan(0);
      for (const file of files) {
        const text = await fs.readFile(file, "utf8");
        for (const m of text.matchAll(/\[\s*"(x-[A-Za-z-]+)"\s*\]|"(x-[A-Za-z-]+)"\s*:/g)) used.add(m[1] ?? m[2]);
      }
    }
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !EXTENSION_NAMES.has(name))).toEqual([]);
  });

  it("is enforced on the repository's specs (specforge/known-extensions is an error in redocly.yaml)", async () => {
    const config = await fs.readFile(path.join(repoRoot, "redocly.yaml"), "utf8");
    expect(config).toMatch(/^ {2}specforge\/known-extensions: error$/m);
  });
});

describe("paging styles", () => {
  it("docs/spec-conventions.md documents the runtime's one list of paging styles, with each style's fields", async () => {
    // The runtime's paginators are keyed by this list.
    const { PAGING_STYLES } = (await import("@specforge/runtime/paging-styles")) as {
      PAGING_STYLES: Record<string, { required: string[] }>;
    };
    const doc = await fs.readFile(path.join(repoRoot, "docs", "spec-conventions.md"), "utf8");
    const styleLine = /style: \w+ +# (\w+(?: \| \w+)*)/.exec(doc)?.[1];
    expect(styleLine?.split(" | ").sort()).toEqual(Object.keys(PAGING_STYLES).sort());
    for (const [style, { required }] of Object.entries(PAGING_STYLES)) {
      for (const field of required) expect(doc, `${style}: ${field}`).toMatch(new RegExp(`\\b${field}:`));
    }
  });
});
