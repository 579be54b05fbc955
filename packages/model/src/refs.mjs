// `$ref` and JSON-pointer resolution inside one bundled document: the only resolver of the
// repository. A bundle holds local references only (`#/...`); anything else is an error with the
// reference in its message, never a silent `undefined`.

/** The HTTP methods a path item (or a webhook) may hold operations under, in OpenAPI's order. */
export const HTTP_METHODS = Object.freeze(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Methods that are safe to repeat by HTTP's definition (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS = new Set(["get", "put", "delete", "head", "options", "trace"]);

/** Methods that only read. */
export const READ_METHODS = new Set(["get", "head"]);

const MAX_HOPS = 32;

/** One reference token of a JSON pointer, escaped (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export const escapePointer = (token) => String(token).replace(/~/g, "~0").replace(/\//g, "~1");

/** One reference token, unescaped. */
export const unescapePointer = (token) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/** `#/a/b` from path tokens `["a", "b"]`. */
export const pointerTo = (...tokens) => `#/${tokens.map(escapePointer).join("/")}`;

/**
 * The value a local pointer (`#/components/schemas/X`) names, or undefined when nothing is there.
 * Throws for a pointer that is not local.
 */
export function resolvePointer(doc, pointer) {
  if (typeof pointer !== "string" || !(pointer === "#" || pointer.startsWith("#/")))
    throw new Error(`unsupported $ref ${JSON.stringify(pointer)} (a bundle holds only local references)`);
  if (pointer === "#") return doc;
  let at = doc;
  for (const raw of pointer.slice(2).split("/")) {
    if (at === null || typeof at !== "object") return undefined;
    at = at[unescapePointer(raw)];
  }
  return at;
}

/**
 * Follows `$ref` hops until a node that is no reference (OpenAPI 3.1 ignores a `$ref`'s
 * siblings on non-schema objects; for schemas the caller reads the target). A missing node stays
 * undefined; `strict` makes a dangling reference an error. A cycle of references throws.
 * @param {object} doc
 * @param {any} node
 * @param {{ strict?: boolean }} [options]
 */
export function resolveRef(doc, node, { strict = false } = {}) {
  for (let hops = 0; node && typeof node === "object" && typeof node.$ref === "string"; hops++) {
    if (hops >= MAX_HOPS) throw new Error(`$ref cycle at ${node.$ref}`);
    const ref = node.$ref;
    node = resolvePointer(doc, ref);
    if (node === undefined && strict) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/**
 * Where a possibly-`$ref` node's content lives: `pointer` (the node's own place) when it is no
 * reference, else the target of its last `$ref` hop. Whoever hands Ajv a pointer into the document
 * needs it: a pointer cannot pass through a `$ref` (`#/paths/~1a/get/responses/200/content/...`
 * fails where that response is `{ $ref: "#/components/responses/A" }`).
 * @param {object} doc
 * @param {any} node
 * @param {string} pointer
 */
export function pointerOf(doc, node, pointer) {
  for (let hops = 0; node && typeof node === "object" && typeof node.$ref === "string"; hops++) {
    if (hops >= MAX_HOPS) throw new Error(`$ref cycle at ${node.$ref}`);
    pointer = node.$ref;
    node = resolvePointer(doc, pointer);
  }
  return pointer;
}

/** The component name a `#/components/<kind>/<name>` reference names. */
export const refName = (ref) => unescapePointer(String(ref).split("/").pop());
