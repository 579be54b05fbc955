/**
 * Test helpers: the bundled spec (packages/middletwin/openapi/middletwin.json) as the only source
 * of the action list, examples and response schemas; a recording fetch; a tiny local server.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { bundleValidator, derefIn } from "@specforge/mock/testing";

type Json = any;

const read = (file: string): Json => JSON.parse(readFileSync(fileURLToPath(new URL(file, import.meta.url)), "utf8"));
export const bundle: Json = read("../openapi/middletwin.json");
export const docsView: Json = read("../openapi/middletwin.docs.json");

/** Resolves a local `$ref` of the bundle, repeatedly. */
export const deref = (node: Json): Json => derefIn(bundle, node);

export interface SpecAction {
  name: string;
  /** The variant schema (the action's request body). */
  request: Json;
  /** The variant's first `examples` entry without the discriminator: what the test sends. */
  params: Record<string, unknown>;
  /** Pointer of the action's own response schema (x-action.response). */
  responseRef: string;
  xAction: Json;
}

/** Every action of the spec, from the request union's discriminator mapping (never a hand-kept list). */
export function listActions(): SpecAction[] {
  const op = bundle.paths["/dart/core"].post;
  const union = deref(op.requestBody.content["application/json"].schema);
  const discriminator: string = union.discriminator.propertyName;
  return Object.entries<string>(union.discriminator.mapping).map(([name, ref]) => {
    const request = deref({ $ref: ref });
    const example = request.examples?.[0];
    if (!example) throw new Error(`action ${name}: its variant has no examples`);
    const { [discriminator]: action, ...params } = example;
    if (action !== name) throw new Error(`action ${name}: first example names "${action}"`);
    return { name, request, params, responseRef: request["x-action"].response.$ref, xAction: request["x-action"] };
  });
}

/** Ajv 2020 over the whole bundle; returns the validator of a schema given its `#/...` pointer. */
export const createValidator = () => bundleValidator(bundle, "middletwin.json");

/** A fetch that records every request as it leaves the client. */
export { recordingFetch as recorder } from "@specforge/mock/testing";

export interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server on 127.0.0.1:0 answering with `handler`; records every request. */
export async function localServer(
  handler: (hit: Hit, n: number) => { status: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>,
) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const hit = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      hits.push(hit);
      const answer = await handler(hit, hits.length);
      const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
