// The stateful mock's options as startMock/startMocks/the CLI take them: `stateless`, `seed` (a
// fixture file or object keyed by API name) and `maxItems`.
import { compileState as compileModel } from "./model.mjs";
import { readSeedFile } from "./seed-file.mjs";

export { readSeedFile };

/**
 * Compiles the model of one mock view (undefined when it has none). `seed`: fixtures, an object
 * as in a seed file or the file's path.
 * @param {object} view the mock view
 * @param {{ seed?: string | object, maxItems?: number }} [options]
 */
export function compileState(view, { seed, maxItems } = {}) {
  return compileModel(view, { seed: typeof seed === "string" ? readSeedFile(seed) : seed, maxItems });
}

/**
 * The state of one API's mock, or undefined when stateless. `seed`: a file path or an object
 * `{ "<api>": { "<resource>": [item, ...] } }`; APIs it does not name start from the spec's examples.
 * @param {string} api
 * @param {object} view the API's mock view
 * @param {{ stateless?: boolean, seed?: string | Record<string, object>, maxItems?: number }} options
 */
export function stateFor(api, view, { stateless = false, seed, maxItems } = {}) {
  if (stateless) return undefined;
  const fixtures = typeof seed === "string" ? readSeedFile(seed) : seed;
  if (fixtures !== undefined && (fixtures === null || typeof fixtures !== "object" || Array.isArray(fixtures))) {
    throw new Error(`seed: expected { "<api>": { "<resource>": [item, ...] } }`);
  }
  try {
    return compileModel(view, { seed: fixtures?.[api], maxItems });
  } catch (error) {
    throw new Error(`mock "${api}": ${error.message}${typeof seed === "string" ? ` (in ${seed})` : ""}`);
  }
}

/** Fails when the fixtures name an API that is not being started (a typo would otherwise seed nothing). */
export function checkSeedApis(seed, apis) {
  if (seed === undefined) return;
  const fixtures = typeof seed === "string" ? readSeedFile(seed) : seed;
  if (!fixtures || typeof fixtures !== "object") return;
  const unknown = Object.keys(fixtures).filter((name) => !apis.includes(name));
  if (unknown.length)
    throw new Error(
      `seed${typeof seed === "string" ? ` file ${seed}` : ""}: no mock of ${unknown.join(", ")} is started here (started: ${apis.join(", ")}); the top-level keys are API names`,
    );
}
