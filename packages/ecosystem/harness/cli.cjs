// The same, from CommonJS: the scenarios converted to `require()` calls, and where each
// package resolved to (its CommonJS build, not the ESM one through require(esm)).
const { scenarios, packages } = require("./all.js");

const [name, urls] = process.argv.slice(2);
const resolved = Object.fromEntries(
  [...packages, "@specforge/runtime", "@specforge/trustedtwin/openapi"].map((id) => [id, require.resolve(id)]),
);
scenarios[name](JSON.parse(urls)).then((result) => {
  console.log(JSON.stringify({ runtime: `node ${process.versions.node}`, resolved, result }));
});
