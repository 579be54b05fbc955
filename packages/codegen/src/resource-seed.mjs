// The seed of a REST resource: the items the stateful mock's store starts with. They come from the
// spec's list and get examples; and the item the docs samples address (the path parameter's example,
// the same value the samples send) exists too, so every sample that reads, updates or deletes an item
// finds one. Where the spec has no example of the item (an imported spec whose examples sit on the
// schemas' properties, or nowhere), that item is made from the item schema: the values the schema
// documents (its own example, else each property's example or default), else values made from the
// types; it is kept only if it validates against the item schema. Knows no provider by name.
import { getPath, isObject, schemaExample as documentedValue, resolveRef, setPath } from "@specforge/model";
import { exampleChecker } from "./example-check.mjs";
import { parameterExample, schemaExample } from "./request-examples.mjs";
import { itemExample, paramsOf, successOf } from "./resource-schemas.mjs";

/**
 * An object schema's properties and required names, with every `allOf` branch's merged in (a spec
 * may list `required` beside an `allOf` that brings the properties); else its first `oneOf`/`anyOf`
 * branch's. Undefined when it has no properties.
 */
function mergedObject(doc, schema, depth = 0) {
  schema = resolveRef(doc, schema);
  if (!isObject(schema) || depth > 8) return undefined;
  let properties = { ...(isObject(schema.properties) ? schema.properties : {}) };
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const merged = mergedObject(doc, branch, depth + 1);
    if (!merged) continue;
    properties = { ...merged.properties, ...properties };
    for (const name of merged.required) required.add(name);
  }
  if (!Object.keys(properties).length)
    for (const key of ["oneOf", "anyOf"]) {
      const first = Array.isArray(schema[key]) ? mergedObject(doc, schema[key][0], depth + 1) : undefined;
      if (first) return { properties: first.properties, required: new Set([...first.required, ...required]) };
    }
  return Object.keys(properties).length ? { properties, required } : undefined;
}

/**
 * An item made from its schema: the schema's own example when it documents an object, else each
 * property the schema documents a value for, and every required one (a nested object made the same
 * way, anything else from its type). `fits` judges a documented value against its schema: one
 * that does not fit (a number documented for a string) is made from the type instead.
 */
export function itemFromSchema(doc, schema, name = "item", depth = 0, fits = () => true) {
  const own = documentedValue(doc, schema);
  if (isObject(own) && fits(schema, own)) return structuredClone(own);
  const obj = mergedObject(doc, schema);
  if (!obj || depth > 6) return schemaExample(doc, schema, name, depth);
  // A value made from the schema: its examples' if they fit, else from its types.
  const madeValue = (prop, key) => {
    const documented = schemaExample(doc, prop, key, depth + 1);
    return fits(prop, documented) ? documented : schemaExample(doc, prop, key, depth + 1, true);
  };
  const out = {};
  for (const [key, prop] of Object.entries(obj.properties)) {
    const documented = documentedValue(doc, prop);
    if (documented !== undefined && fits(prop, documented)) out[key] = structuredClone(documented);
    else if (documented !== undefined || obj.required.has(key))
      out[key] = mergedObject(doc, prop) ? itemFromSchema(doc, prop, key, depth + 1, fits) : madeValue(prop, key);
  }
  return out;
}

/** The item the samples address, keyed by `key`: the resource's template, else one made from its schema; undefined if none validates. */
function sampleItem(doc, resource, key) {
  const check = exampleChecker(doc);
  const schema = resolveRef(doc, resource.itemSchema);
  const keyed = (value) => (resource.idPath ? setPath(value, resource.idPath, key) : value);
  if (resource.template) return keyed(structuredClone(resource.template));
  if (!schema) return undefined;
  for (const made of [itemFromSchema(doc, schema, "item", 0, check), schemaExample(doc, schema, "item", 0, true)]) {
    if (!isObject(made)) continue;
    const value = keyed(made);
    if (check(schema, value)) return value;
  }
  return undefined;
}

/**
 * The seed of a REST resource: the items its list and get examples show, keyed as the model keys
 * them, and the item the docs samples address. `fits` is the samples' judge of an example
 * (request-examples.mjs), so the key is the value the sample sends.
 */
export function seedRest(doc, resource, ops, live, itemOps, param, fits) {
  const seed = new Map();
  const exampleOf = (e, name) => {
    const p = paramsOf(doc, e.pathItem, e.op).get(`path:${name}`);
    return p ? parameterExample(doc, p, fits).value : undefined;
  };
  const anyOp = [...itemOps, ...live][0];
  const parentKeys = resource.parentParams.map((p) => exampleOf(anyOp, p));
  if (parentKeys.some((k) => k === undefined || k === null)) return [];
  const add = (key, value) => {
    if (key === undefined || key === null || !value || typeof value !== "object") return;
    seed.set(String(key), { parentKeys: parentKeys.map(String), key: String(key), value });
  };
  const opsById = new Map(ops);
  for (const e of [...live, ...itemOps]) {
    const entry = opsById.get(e.op.operationId);
    if (!entry || entry.kind === "create" || entry.kind === "delete" || entry.kind === "update") continue;
    const examples = successOf(doc, e.op)?.examples ?? [];
    if (entry.kind === "list" && resource.map) {
      for (const ex of examples)
        for (const [k, v] of Object.entries(ex?.[resource.map] ?? {})) if (!seed.has(k)) add(k, v);
    } else if (entry.kind === "list" && entry.itemMode === "map") {
      for (const ex of examples)
        for (const [k, v] of Object.entries(ex?.[entry.items] ?? {}))
          if (!seed.has(k) && resource.template) add(k, { ...structuredClone(resource.template), ...v });
    } else if (entry.kind === "list") {
      for (const ex of examples) {
        for (const item of ex?.[entry.items] ?? []) {
          if (entry.itemMode === "key")
            add(
              item,
              resource.template ? setPath(structuredClone(resource.template), resource.idPath, item) : undefined,
            );
          else add(getPath(item, resource.idPath), item);
        }
      }
    } else if (entry.kind === "get") {
      const value = itemExample(examples[0], entry.placement);
      const key = resource.idPath ? getPath(value, resource.idPath) : exampleOf(e, param);
      add(key, value);
    }
  }
  // The item the docs' samples address (the path parameter's example) exists too.
  const itemOp = itemOps[0];
  const sampleKey = itemOp && param ? exampleOf(itemOp, param) : undefined;
  if (sampleKey !== undefined && sampleKey !== null && !seed.has(String(sampleKey)))
    add(sampleKey, sampleItem(doc, resource, sampleKey));
  return [...seed.values()];
}

/**
 * The parents of every seeded item exist too: a nested resource's item lives only as long as its
 * parent does, and a spec may name the parent's key differently on its own item path than on the
 * nested paths (`{team_slug}` beside `{enterprise-team}`), so the samples address a parent the
 * parent's own samples do not. Deepest resources first, so a chain of parents is made whole.
 */
export function seedParents(doc, resources) {
  const nested = Object.values(resources)
    .filter((r) => r.parent && resources[r.parent])
    .sort((a, b) => b.parentParams.length - a.parentParams.length);
  for (const resource of nested) {
    const parent = resources[resource.parent];
    if (parent.map) continue;
    const n = parent.parentParams.length;
    for (const item of resource.seed ?? []) {
      const parentKeys = item.parentKeys.slice(0, n);
      const key = item.parentKeys[n];
      if (key === undefined) continue;
      const known = (parent.seed ?? []).some((p) => p.key === key && p.parentKeys.join("/") === parentKeys.join("/"));
      if (known) continue;
      const value = sampleItem(doc, parent, key);
      if (value) (parent.seed ??= []).push({ parentKeys, key, value });
    }
  }
}
