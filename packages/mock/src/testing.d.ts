import type { ValidateFunction } from "ajv/dist/2020.js";
export { setupMocks, teardownMocks } from "./index.js";

/** A `fetch` that records every request as it leaves the client (after auth headers are set). */
export declare function recordingFetch(): { requests: Request[]; fetch: typeof fetch };

/** Ajv 2020 over a whole bundled spec; returns a cached validator per JSON pointer (`#/components/...`). */
export declare function bundleValidator(bundle: object, id?: string): (pointer: string) => ValidateFunction;

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export declare function derefIn(bundle: object, node: any): any;
