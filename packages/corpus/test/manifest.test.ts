// corpus.json tells the truth about the installed descriptions: pinned versions, the file
// exists, and its OpenAPI version, operation count, auth kinds and paging parameters are the
// ones the manifest names. The coverage the corpus promises (issue 21) is checked too.
import { describe, expect, it } from "vitest";
import { corpusSpecs, factsOf, loadSpec } from "../src/corpus.mjs";
import pkg from "../package.json" with { type: "json" };

const specs = corpusSpecs();

describe("corpus.json", () => {
  it("lists at least ten descriptions from different vendors, each pinned exactly in package.json", () => {
    expect(specs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(specs.map((s) => s.vendor)).size).toBe(specs.length);
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
    for (const s of specs)
      expect(pkg.devDependencies[s.package as keyof typeof pkg.devDependencies], s.package).toBe(s.version);
  });

  it("covers 3.0 and 3.1, apiKey, bearer and oauth2, cursor, offset and page paging, and hundreds of operations", () => {
    const versions = new Set(specs.map((s) => s.openapi.slice(0, 3)));
    expect([...versions].sort()).toEqual(["3.0", "3.1"]);
    const auth = new Set(
      specs.flatMap((s) => s.auth.map((a: string) => (a.split(":")[0] === "http" ? a : a.split(":")[0]))),
    );
    for (const kind of ["apiKey", "http:bearer", "oauth2"]) expect(auth, kind).toContain(kind);
    const paging = new Set(specs.map((s) => s.paging.style));
    for (const style of ["cursor", "offset", "page"]) expect(paging, style).toContain(style);
    expect(Math.max(...specs.map((s) => s.operations))).toBeGreaterThanOrEqual(300);
    for (const s of specs) {
      expect(s.source, s.name).toMatch(/^https:\/\//);
      expect(s.licence, s.name).toBeTruthy();
    }
  });

  for (const entry of specs) {
    it(`${entry.name}: ${entry.package}@${entry.version}/${entry.path} is what the manifest says`, async () => {
      const facts = factsOf(await loadSpec(entry));
      expect(facts.openapi).toBe(entry.openapi);
      expect(facts.operations).toBe(entry.operations);
      expect(facts.auth).toEqual([...entry.auth].sort());
      for (const param of entry.paging.params)
        expect(facts.parameters, `${entry.name} paging parameter ${param}`).toContain(param);
    });
  }
});
