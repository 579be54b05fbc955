// What users install with a client: the runtime and nothing else. Its manifest lists no
// dependencies, and no source file imports anything but the runtime's own modules (docs/decisions.md,
// "The runtime owns its wire format":
// openapi-fetch is in maintenance mode and stays a devDependency, the oracle of wire.test.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

describe("@specforge/runtime installs nothing else", () => {
  it("has no dependencies or peer dependencies", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
  });

  it("imports only its own modules", () => {
    const sources = fs.readdirSync(path.join(root, "src")).filter((f) => /\.(ts|js)$/.test(f));
    expect(sources.length).toBeGreaterThan(5);
    const foreign = sources.flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(root, "src", file), "utf8")
          .matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/g),
      ]
        .map((m) => m[1] ?? m[2])
        .filter((specifier) => !specifier!.startsWith("./"))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(foreign).toEqual([]);
  });
});
