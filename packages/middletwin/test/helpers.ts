/**
 * Test helpers: the bundled spec (packages/middletwin/openapi/middletwin.json) as the only source
 * of the action list, examples and response schemas; a recording fetch; a tiny local server.
 */
import { readFileSync } from "node:fs";
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

export { localServer, type Hit } from "@specforge/mock/testing";
