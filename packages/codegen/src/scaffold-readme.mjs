// The quick start of a new client package's README (add-provider): a complete example that calls one
// operation of the spec against the local mock, taken from that operation's docs sample once the
// package is generated (the sample's call, its argument from the spec's examples). The README tests
// (packages/e2e/test/readme.test.ts) compile it and run it against the mock, as for every package.
import fs from "node:fs/promises";
import path from "node:path";
import { operationsOf } from "@specforge/model";
import { readManifest } from "@specforge/model/manifest";

/**
 * The README's example for the new package in `packageDir`: the docs sample of its first read
 * (a safe operation that sends credentials, one that does not page first), pointed at the mock on
 * `port`, with a placeholder for each credential the mock accepts.
 * @returns {Promise<string>}
 */
export async function quickStartExample(packageDir, port) {
  const [api] = readManifest(path.join(packageDir, "openapi", "specforge.json"), packageDir);
  if (!api?.samples) throw new Error(`${packageDir}: its manifest lists no docs samples`);
  const doc = JSON.parse(await fs.readFile(api.bundle, "utf8"));
  const { samples } = JSON.parse(await fs.readFile(api.samples, "utf8"));
  const rank = (o) => (o.readOnly ? 0 : 4) + (o.secured ? 0 : 2) + (o.pagination ? 1 : 0);
  const operation = operationsOf(doc, { actions: true })
    .filter((o) => o.kind !== "rpc" && samples[o.operationId] && (o.readOnly || o.idempotent))
    .sort((a, b) => rank(a) - rank(b))[0];
  const sample = operation ? samples[operation.operationId] : Object.values(samples)[0];
  if (!sample) throw new Error(`${packageDir}: the spec has no operation with a docs sample`);
  return sample
    .replace(/^(\s*)baseUrl: .*,$/m, (_, indent) => `${indent}baseUrl: "http://127.0.0.1:${port}",`)
    .replace(/process\.env\.([A-Z][A-Z0-9_]*)!/g, (_, name) => `process.env.${name} ?? "mock-credential"`);
}
