// The REST half of the resource model: a collection path C (POST creates, GET lists) and its item
// path C/{p} (GET, PATCH/PUT, DELETE), nested collections scoped by the parent path parameters;
// keyed maps (a body or answer whose one member maps keys to items); the seed (resource-seed.mjs).
// Knows no provider by name.
import { getPath, operationsOf, resolveRef, templateParams } from "@specforge/model";
import { seedParents, seedRest } from "./resource-seed.mjs";
import {
  exampleCursorOffsets,
  findIdPath,
  idFormatOf,
  jsonMedia,
  listItemMode,
  listItemsOf,
  mapMember,
  notFoundOf,
  objectSchema,
  pagingOf,
  paramsOf,
  placementOf,
  splitPath,
  strictestFormat,
  successOf,
} from "./resource-schemas.mjs";

function restCandidates(doc) {
  const byPath = new Map();
  for (const { path, method, op, pathItem, operationId, kind } of operationsOf(doc)) {
    if (operationId && kind !== "rpc")
      (byPath.get(path) ?? byPath.set(path, []).get(path)).push({ path, method, op, pathItem });
  }
  return byPath;
}

// Reasons that need no word to the spec's author (resources.mjs, mockStateWarnings): the operation
// is not shaped like a resource, or the spec says it answers with examples.
export const OPTED_OUT = "x-mock.stateful is false";
export const NOT_A_COLLECTION = "not part of a collection (no create or list with an item path)";

const KIND_ON_COLLECTION = { post: "create", get: "list" };
const KIND_ON_ITEM = { get: "get", patch: "update", put: "update", delete: "delete" };
const KIND_ON_MAP_COLLECTION = { post: "create", get: "list", patch: "update", put: "update", delete: "delete" };

/**
 * @param {object} doc the bundled spec
 * @param {{ fits?: (schema: object, value: unknown) => boolean }} [options] `fits`: whether an example fits its
 *   schema, as the docs samples judge it (imported specs), so the seed keys items by the samples' own values
 */
export function deriveRest(doc, model, report, { fits } = {}) {
  const byPath = restCandidates(doc);
  const placed = new Set();
  const skip = (entry, reason) => report.push({ operation: entry.op.operationId, stateful: false, reason });
  const overrides = (ops) => Object.assign({}, ...ops.map((e) => e.op["x-mock"]?.resource ?? {}));
  const optedOut = (e) => e.op["x-mock"]?.stateful === false;

  // Collections: every path whose ops create or list, or carry a keyed map.
  for (const [collection, ops] of byPath) {
    const live = ops.filter((e) => !optedOut(e));
    const override = overrides(live);
    // A keyed map is what the collection's create takes: `POST C {m: {<key>: item}}`.
    const createOp = live.find((e) => e.method === "post");
    const mapName =
      override.map ??
      (createOp
        ? mapMember(doc, jsonMedia(doc, createOp.op.requestBody)?.schema, successOf(doc, createOp.op)?.schema)
        : undefined);
    const itemPath = [...byPath.keys()].find(
      (p) => p.startsWith(`${collection}/{`) && /^\/\{[^}/]+\}$/.test(p.slice(collection.length)),
    );
    const itemOps = itemPath ? byPath.get(itemPath).filter((e) => !optedOut(e)) : [];
    const isMap = Boolean(mapName);
    const creates = live.find((e) => e.method === "post");
    const lists = live.find((e) => e.method === "get");
    if (!isMap && !itemPath) continue; // not a collection: a singleton, an action, a search...
    if (!isMap && !creates && !lists) continue;
    const name = collection;
    const allOverride = { ...override, ...overrides(itemOps) };
    const param = itemPath ? templateParams(itemPath).at(-1) : undefined;
    const parentParams = templateParams(collection);
    const getOp = itemOps.find((e) => e.method === "get");
    const itemParams = getOp
      ? paramsOf(doc, getOp.pathItem, getOp.op)
      : itemOps[0]
        ? paramsOf(doc, itemOps[0].pathItem, itemOps[0].op)
        : new Map();

    // The item's schema and a template (an example) for new items.
    let itemSchema;
    let template;
    if (isMap) {
      const src = [...live, ...itemOps]
        .map((e) => ({ e, s: successOf(doc, e.op) }))
        .find(({ s }) => s && mapMember(doc, s.schema) === mapName);
      const mapSchema = src ? resolveRef(doc, objectSchema(doc, src.s.schema).properties[mapName]) : undefined;
      itemSchema = getOp ? successOf(doc, getOp.op)?.schema : mapSchema?.additionalProperties;
      const getExample = getOp ? successOf(doc, getOp.op)?.examples[0] : undefined;
      template = getExample ?? Object.values(src?.s.examples[0]?.[mapName] ?? {})[0];
    } else {
      const source = getOp ?? creates;
      const success = source ? successOf(doc, source.op) : undefined;
      itemSchema = success?.schema;
      template = success?.examples[0];
      if (!itemSchema && lists) {
        const listed = listItemsOf(doc, successOf(doc, lists.op)?.schema, lists.op["x-pagination"]?.items);
        itemSchema = listed?.schema;
        template = successOf(doc, lists.op)?.examples[0]?.[listed?.field]?.[0];
      }
    }
    const idPath = allOverride.idPath
      ? splitPath(allOverride.idPath)
      : isMap
        ? undefined
        : findIdPath(doc, itemSchema, param);
    const allOps = [...live, ...itemOps];
    if (!isMap && !idPath) {
      for (const e of allOps) skip(e, `no id field found in the item of ${collection} (set x-mock.resource.idPath)`);
      for (const e of allOps) placed.add(e.op.operationId);
      continue;
    }
    const keyParam = param ? itemParams.get(`path:${param}`) : undefined;
    const resource = {
      parentParams,
      ...(isMap ? { map: mapName } : {}),
      ...(idPath ? { idPath } : {}),
      idFormat:
        allOverride.idFormat ??
        strictestFormat(
          idFormatOf(doc, keyParam?.schema),
          idFormatOf(doc, getPath(objectSchema(doc, itemSchema)?.properties, idPath ?? [])),
        ),
      ...(itemSchema ? { itemSchema } : {}),
      ...(template ? { template } : {}),
      ...(allOverride.deleteMarks ? { deleteMarks: allOverride.deleteMarks } : {}),
    };
    const parent = parentResource(model, collection);
    if (parent) resource.parent = parent;
    const modelOps = [];
    const addOp = (e, kind, extra) => {
      const success = successOf(doc, e.op);
      const notFound = notFoundOf(doc, e.op);
      const entry = {
        resource: name,
        kind,
        method: e.method.toUpperCase(),
        path: e.path,
        ...(success ? { status: success.status } : {}),
        ...extra,
      };
      if (notFound) entry.notFound = notFound;
      if (success?.examples[0] !== undefined) entry.example = success.examples[0];
      modelOps.push([e.op.operationId, entry]);
    };
    let ok = true;
    for (const e of live) {
      const kind = e.op["x-mock"]?.resource?.kind ?? (isMap ? KIND_ON_MAP_COLLECTION : KIND_ON_COLLECTION)[e.method];
      if (!kind) {
        skip(e, `${e.method.toUpperCase()} on a collection is not a create or a list`);
        continue;
      }
      if (kind === "list" && !isMap) {
        const success = successOf(doc, e.op);
        const listed = listItemsOf(doc, success?.schema, e.op["x-pagination"]?.items);
        if (!listed) {
          // A list answered as a map keyed by id (e.g. `{users: {<uuid>: {...}}}`).
          const byKey = mapMember(doc, success?.schema);
          const values = byKey
            ? resolveRef(doc, resolveRef(doc, objectSchema(doc, success.schema).properties[byKey]).additionalProperties)
            : undefined;
          if (byKey && objectSchema(doc, values)) {
            addOp(e, kind, { items: byKey, itemMode: "map" });
            continue;
          }
          skip(e, "the list answer has no single array of items (nor a map of items by id)");
          continue;
        }
        const paging = pagingOf(doc, e.op["x-pagination"], paramsOf(doc, e.pathItem, e.op));
        if (paging?.style === "cursor") {
          const offsets = exampleCursorOffsets(doc, e.op, paging, listed.field);
          if (offsets) paging.exampleCursors = offsets;
        }
        addOp(e, kind, {
          items: listed.field,
          itemMode: listItemMode(doc, listed.schema),
          ...(paging ? { paging } : {}),
        });
        if (listed.schema) resource.listItemSchema ??= listed.schema;
        continue;
      }
      if (isMap) {
        if (kind !== "delete" && mapMember(doc, successOf(doc, e.op)?.schema) !== mapName) {
          skip(e, `the answer does not carry the \`${mapName}\` map`);
          continue;
        }
        const keysParam = [...paramsOf(doc, e.pathItem, e.op).values()].find(
          (p) => p.in === "query" && p.name === mapName,
        );
        addOp(e, kind, {
          placement: { at: "map", name: mapName },
          ...(keysParam ? { keysQuery: keysParam.name } : {}),
        });
        continue;
      }
      const placement = placementOf(doc, successOf(doc, e.op)?.schema, itemSchema, idPath);
      if (!placement) {
        skip(e, "the create answer is neither the item nor its id");
        continue;
      }
      addOp(e, kind, { placement });
    }
    for (const e of itemOps) {
      const kind = e.op["x-mock"]?.resource?.kind ?? KIND_ON_ITEM[e.method];
      if (!kind) {
        skip(e, `${e.method.toUpperCase()} on an item is not a get, update or delete`);
        continue;
      }
      const placement =
        isMap && !getOp ? { at: "item" } : placementOf(doc, successOf(doc, e.op)?.schema, itemSchema, idPath);
      if (!placement) {
        skip(e, "the answer is not the item");
        continue;
      }
      addOp(e, kind, { keyParam: param, placement });
    }
    if (!modelOps.length) ok = false;
    for (const e of allOps) placed.add(e.op.operationId);
    if (!ok) continue;
    resource.seed = seedRest(doc, resource, modelOps, live, itemOps, param, fits);
    model.resources[name] = resource;
    for (const [id, entry] of modelOps) {
      model.operations[id] = entry;
      report.push({ operation: id, stateful: true, kind: entry.kind, resource: name });
    }
  }
  seedParents(doc, model.resources);
  for (const [, ops] of byPath) {
    for (const e of ops) {
      if (placed.has(e.op.operationId) || model.operations[e.op.operationId]) continue;
      skip(e, optedOut(e) ? OPTED_OUT : NOT_A_COLLECTION);
    }
  }
}

/** The resource whose item path is the longest prefix of a collection path (its parent). */
function parentResource(model, collection) {
  let best;
  for (const [name, r] of Object.entries(model.resources)) {
    if (r.map) continue;
    const itemPrefix = `${name}/{`;
    if (collection.startsWith(itemPrefix) && (!best || name.length > best.length)) best = name;
  }
  return best;
}
