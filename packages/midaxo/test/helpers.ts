/**
 * Test helpers: the bundled spec (packages/midaxo/openapi/midaxo.json) as the only source of the
 * operation list, parameters and response schemas; a recording fetch; a tiny local server that
 * plays token endpoint and API.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  bundleValidator,
  derefIn,
  localServer as sharedLocalServer,
  specOperations,
  type Answer,
  type Hit,
} from "@specforge/mock/testing";

type Json = any;

export const bundle: Json = JSON.parse(
  readFileSync(fileURLToPath(new URL("../openapi/midaxo.json", import.meta.url)), "utf8"),
);

/** Resolves a local `$ref` of the bundle, repeatedly. */
export const deref = (node: Json): Json => derefIn(bundle, node);

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  /** Path parameters filled from their spec examples. */
  pathParams: Record<string, string>;
  /** Pointer of the 2xx JSON response schema. */
  successSchema: string;
  successStatus: number;
}

/** Every operation of the spec (never a hand-kept list), with its path parameters and 2xx schema. */
export function listOperations(): SpecOperation[] {
  return specOperations(bundle).map(({ operationId, method, path, pointer, operation, parameters }) => {
    const pathParams: Record<string, string> = {};
    for (const p of parameters.filter((p: Json) => p.in === "path")) {
      const example = p.example ?? Object.values<Json>(p.examples ?? {})[0]?.value;
      if (example === undefined) throw new Error(`${operationId}: path parameter ${p.name} has no example`);
      pathParams[p.name] = String(example);
    }
    const status = Object.keys(operation.responses).find((s) => /^2\d\d$/.test(s));
    if (!status) throw new Error(`${operationId}: no 2xx response`);
    const base = operation.responses[status].$ref ?? `${pointer}/responses/${status}`;
    return {
      operationId,
      method,
      path,
      pathParams,
      successStatus: Number(status),
      successSchema: `${base}/content/application~1json/schema`,
    };
  });
}

/** Ajv 2020 over the whole bundle; returns the validator of a schema given its `#/...` pointer. */
export const createValidator = () => bundleValidator(bundle, "midaxo.json");

/** A fetch that records every request as it leaves the client. */
export { recordingFetch as recorder } from "@specforge/mock/testing";

export type { Answer, Hit } from "@specforge/mock/testing";

/** A local server playing token endpoint and API: the shared one, with the token endpoint's hits apart. */
export async function localServer(handler: (hit: Hit) => Answer | Promise<Answer>) {
  const server = await sharedLocalServer(handler);
  return {
    ...server,
    tokenUrl: `${server.url}/oauth/token`,
    tokenHits: () => server.hits.filter((h) => h.url.pathname === "/oauth/token"),
    apiHits: () => server.hits.filter((h) => h.url.pathname !== "/oauth/token"),
  };
}
