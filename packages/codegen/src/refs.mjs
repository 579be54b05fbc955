// `$ref` resolution inside a bundled document, for every module of the generator.

/** Resolves a local `$ref` (`#/components/...`) inside a bundled document. */
export function resolveRef(doc, node) {
  let seen = 0;
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    if (!node.$ref.startsWith("#/")) throw new Error(`only local $refs are expected in a bundle, got ${node.$ref}`);
    if (++seen > 32) throw new Error(`$ref cycle at ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((at, key) => at?.[key], doc);
  }
  return node;
}
