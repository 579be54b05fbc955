// Prism on the mock view of a published-style spec (codegen's hand-written fixture
// test/fixtures/mock-quirks.yaml): without the mock-view fixes Prism dies on an example holding a
// `$ref` key and answers 500 "Cannot find serializer" for `*/*` and CBOR error bodies; with them
// it starts, answers the declared statuses and serves only valid examples.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerableMockView, mockView } from "@specforge/codegen";
import { startPrism } from "../src/serve/prism.mjs";

// The workspace's codegen package (its test fixtures are not published).
const fixture = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "codegen",
  "test",
  "fixtures",
  "mock-quirks.yaml",
);
let prism: { url: string; stop: () => Promise<void> };
let dir: string;

beforeAll(async () => {
  const { parseYaml } = await import("@redocly/openapi-core");
  const view = mockView(parseYaml(fs.readFileSync(fixture, "utf8")), undefined);
  await answerableMockView(view);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-mock-quirks-"));
  const file = path.join(dir, "quirks.mock.json");
  fs.writeFileSync(file, JSON.stringify(view));
  prism = await startPrism({ spec: file });
}, 200_000);

afterAll(async () => {
  await prism?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const key = { "X-Key": "k" };

describe("Prism on the mock view of an imported spec", () => {
  it("starts although the spec's examples hold $ref keys, and answers from the schema", async () => {
    const res = await fetch(`${prism.url}/schemas/base`, { headers: key });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(expect.objectContaining({ id: expect.any(String), document: expect.any(Object) }));
    expect(JSON.stringify(body)).not.toContain("#/definitions/");
  });

  it("(control) Prism refuses the same view without the fixes, as the issue reports", async () => {
    const { parseYaml } = await import("@redocly/openapi-core");
    const raw = path.join(dir, "raw.mock.json");
    fs.writeFileSync(raw, JSON.stringify(mockView(parseYaml(fs.readFileSync(fixture, "utf8")), undefined)));
    await expect(startPrism({ spec: raw })).rejects.toThrow(
      /token "definitions" in "#\/definitions\/base" does not exist/,
    );
  }, 200_000);

  it("answers 401 for a `*/*` error response instead of 500", async () => {
    const res = await fetch(`${prism.url}/schemas/base`);
    expect(res.status).toBe(401);
  });

  it("answers 401 where the shared response also declares text/plain carrying an object", async () => {
    const res = await fetch(`${prism.url}/things`);
    expect(res.status).toBe(401);
  });

  it("answers a CBOR-declared 500 with its status", async () => {
    const res = await fetch(`${prism.url}/things`, { headers: { ...key, Prefer: "code=500" } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual(expect.objectContaining({ message: expect.any(String) }));
  });

  it("serves the valid example, never the invalid one", async () => {
    const res = await fetch(`${prism.url}/things`, { headers: key });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [{ id: "1", name: "one" }] });
    const invalid = await fetch(`${prism.url}/things`, { headers: { ...key, Prefer: "example=invalid" } });
    expect(JSON.stringify(await invalid.json())).not.toContain("seven");
  });
});
