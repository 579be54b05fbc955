// Helpers for contract tests of a client against its mock: record what leaves the client, and
// validate answers against the bundled spec. Knows no provider.
export { setupMocks, teardownMocks } from "./index.mjs";
export { bundleValidator } from "./schemas.mjs";

/** A `fetch` that records every request as it leaves the client (after auth headers are set). */
export function recordingFetch() {
  const requests = [];
  const fetchImpl = async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return fetch(request);
  };
  return { requests, fetch: fetchImpl };
}

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export function derefIn(bundle, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#/") || seen.has(ref)) throw new Error(`unresolvable $ref ${ref}`);
    seen.add(ref);
    node = ref
      .slice(2)
      .split("/")
      .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => (at === undefined || at === null ? undefined : at[key]), bundle);
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}
