import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createManifest,
  installedApis,
  MANIFEST_VERSION,
  manifestText,
  parseManifest,
  readManifest,
} from "../src/manifest.mjs";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "model-manifest-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function installPackage(name: string, apis: Parameters<typeof createManifest>[1]) {
  const dir = path.join(root, "node_modules", ...name.split("/"));
  fs.mkdirSync(path.join(dir, "openapi"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name }));
  fs.writeFileSync(path.join(dir, "openapi", "specforge.json"), manifestText(createManifest(name, apis)));
  return dir;
}

describe("the manifest", () => {
  it("writes what it reads, with absolute paths and each API's companions", () => {
    const dir = installPackage("@acme/shop", [
      {
        name: "shop",
        bundle: "shop.json",
        mockView: "shop.mock.json",
        samples: "shop.samples.json",
        mockPort: 4100,
        mockUrlEnv: "SHOP_MOCK_URL",
        startsWith: ["shop-auth"],
      },
      {
        name: "shop-auth",
        bundle: "auth.json",
        mockView: "auth.mock.json",
        mockUrlEnv: "SHOP_AUTH_MOCK_URL",
        startsWith: [],
      },
    ]);
    const apis = readManifest(path.join(dir, "openapi", "specforge.json"), dir);
    expect(apis.map((a) => [a.name, a.companionOf])).toEqual([
      ["shop", undefined],
      ["shop-auth", "shop"],
    ]);
    expect(apis[0]).toMatchObject({
      packageName: "@acme/shop",
      packageDir: dir,
      bundle: path.join(dir, "openapi", "shop.json"),
      samples: path.join(dir, "openapi", "shop.samples.json"),
      mockPort: 4100,
      mocks: { shop: { port: 4100 }, "shop-auth": { port: undefined } },
    });
    // A manifest without samples (a package generated before they shipped) has none.
    expect(apis[1].samples).toBeUndefined();
    expect(installedApis([root]).map((a) => a.name)).toEqual(["shop", "shop-auth"]);
  });

  it("refuses another version, naming the file", () => {
    expect(() =>
      parseManifest(JSON.stringify({ specforgeManifest: MANIFEST_VERSION + 1, apis: [] }), "x.json"),
    ).toThrow(`x.json is not a specforge manifest of version ${MANIFEST_VERSION}`);
    expect(() => parseManifest("{", "y.json")).toThrow(/cannot read the manifest y.json/);
  });
});
