// The resource model of the stateful mock, derived from one bundled spec: which operations create,
// read, update, delete and list which resource, where an item's key lives, how lists page, what
// not-found looks like, and the seed (the spec's examples). It goes into the mock view as
// `x-specforge-mock.resources` / `.operations`; the router (@specforge/mock state.mjs) runs it.
// Heuristics, each overridable with `x-mock.resource` on an operation (or `x-mock.stateful: false`):
// - REST: a collection path C (POST creates, GET lists) and its item path C/{p} (GET, PATCH/PUT,
//   DELETE); nested collections are scoped by the parent path parameters.
// - Keyed maps: an operation whose body or answer has one member that is a map (an object with
//   only `additionalProperties`), e.g. `{identities: {<name>: {...}}}`: items keyed by map key.
// - RPC: actions create_<t> / get_<t> / update_<t> / delete_<t> / get_all_<t>s, keyed by `id`.
// Anything the model cannot place stays stateless (example answers), with the reason reported.
// Knows no provider by name.
import { HTTP_METHODS } from "./derive.mjs";
import { resolveRef } from "./refs.mjs";
import { parameterExample } from "./samples.mjs";

const ID_NAMES = ["id", "uuid", "key", "name"];
const ENVELOPE_FIELDS = (rpc) => new Set([rpc?.envelope?.success, rpc?.envelope?.message].filter(Boolean));

/** A schema with every `allOf`/`$ref` level resolved just enough to read its properties. */
function objectSchema(doc, schema, depth = 0) {
  schema = resolveRef(doc, schema);
  if (!schema || typeof schema !== "object" || depth > 8) return undefined;
  if (schema.properties || schema.additionalProperties) return schema;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const branch of schema[key] ?? []) {
      const found = objectSchema(doc, branch, depth + 1);
      if (found) return found;
    }
  }
  return schema.type === "object" ? schema : undefined;
}

/** The name of the one property of an object schema that is a keyed map (only additionalProperties). */
function mapMember(doc, schema, answer = undefined) {
  const maps = mapMembers(doc, schema);
  if (maps.length === 1) return maps[0];
  // Several maps in the body (e.g. entries and conditions): the one the answer carries too.
  const answered = answer ? maps.filter((m) => mapMembers(doc, answer).includes(m)) : [];
  return answered.length === 1 ? answered[0] : undefined;
}

function mapMembers(doc, schema) {
  const obj = objectSchema(doc, schema);
  return Object.entries(obj?.properties ?? {})
    .filter(([, s]) => {
      const r = resolveRef(doc, s);
      return typeof r?.additionalProperties === "object" && r.additionalProperties !== null && !r.properties;
    })
    .map(([name]) => name);
}

function jsonMedia(doc, holder) {
  const content = resolveRef(doc, holder)?.content ?? {};
  const type = Object.keys(content).find((m) => /json/i.test(m));
  return type ? content[type] : undefined;
}

/** The first 2xx response with JSON content: its status, schema and first example value. */
function successOf(doc, op) {
  for (const [status, raw] of Object.entries(op.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const media = jsonMedia(doc, raw);
    if (!media) continue;
    const named = media.examples ? Object.values(media.examples).map((e) => resolveRef(doc, e)?.value) : [];
    const schema = resolveRef(doc, media.schema);
    const examples = [
      ...named,
      ...(media.example !== undefined ? [media.example] : []),
      ...(schema?.examples ?? []),
    ].filter((v) => v !== undefined);
    return { status: Number(status), schema: media.schema, examples };
  }
  return undefined;
}

/** The provider's not-found answer for an operation: its 404 response's example (else the document's bad-input body). */
function notFoundOf(doc, op) {
  const media = jsonMedia(doc, op.responses?.["404"]);
  if (media) {
    const named = media.examples ? Object.values(media.examples).map((e) => resolveRef(doc, e)?.value)[0] : undefined;
    const body = named ?? media.example ?? resolveRef(doc, media.schema)?.examples?.[0];
    if (body && typeof body === "object") return { status: 404, body: withMessage(doc, body) };
  }
  const bad = doc["x-mock"]?.badInput;
  if (bad) return { status: 404, body: bad.unknownPath?.body ?? bad.body ?? { error: "{message}" } };
  return undefined;
}

/** Puts `{message}` into the provider's message field (x-mock.violationMessageField), so not-found names what is missing. */
function withMessage(doc, body) {
  const field = doc["x-mock"]?.violationMessageField;
  return field && field in body ? { ...body, [field]: "{message}" } : body;
}

const getPath = (value, path) => path.reduce((at, k) => (at && typeof at === "object" ? at[k] : undefined), value);
const splitPath = (p) => (Array.isArray(p) ? p : String(p).split("."));

/** Where the key lives in an item: an override, else an id-like property (the path parameter's name first). */
function findIdPath(doc, itemSchema, param) {
  const obj = objectSchema(doc, itemSchema);
  const props = Object.keys(obj?.properties ?? {});
  const candidates = [...(param ? [param, `${param}Id`, `${param}_id`] : []), ...ID_NAMES];
  const hit = candidates.find((c) => props.includes(c));
  return hit ? [hit] : undefined;
}

/** The fresh-id style of a key: from the path parameter's (or id property's) schema. */
function idFormatOf(doc, schema) {
  const s = resolveRef(doc, schema);
  if (!s) return "string";
  if (s.format === "uuid") return "uuid";
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer" || type === "number") return "integer";
  for (const key of ["allOf", "oneOf", "anyOf"]) if (s[key]?.length) return idFormatOf(doc, s[key][0]);
  return "string";
}

/** Of two fresh-id styles (path parameter's, item property's), the one that says more. */
const strictestFormat = (a, b) =>
  a === "uuid" || b === "uuid" ? "uuid" : a === "integer" || b === "integer" ? "integer" : "string";

/** The parameters of an operation (path item's and its own), resolved, by name. */
function paramsOf(doc, pathItem, op) {
  const out = new Map();
  for (const raw of [...(pathItem?.parameters ?? []), ...(op?.parameters ?? [])]) {
    const p = resolveRef(doc, raw);
    if (p?.name) out.set(`${p.in}:${p.name}`, p);
  }
  return out;
}

const templateParams = (template) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
const sameRef = (a, b) => a?.$ref && b?.$ref && a.$ref === b.$ref;

/** Where the item sits in an answer: the whole answer, one property, or only its id (create's `{id}`). */
function placementOf(doc, responseSchema, itemSchema, idPath, rpc) {
  if (!responseSchema) return { at: "example" };
  if (sameRef(responseSchema, itemSchema)) return { at: "item" };
  const obj = objectSchema(doc, responseSchema);
  const envelope = ENVELOPE_FIELDS(rpc);
  for (const [name, prop] of Object.entries(obj?.properties ?? {})) {
    if (sameRef(prop, itemSchema)) return { at: "property", name };
  }
  const rest = Object.keys(obj?.properties ?? {}).filter((p) => !envelope.has(p));
  if (idPath && rest.length === 1 && rest[0] === idPath.at(-1)) return { at: "id", name: rest[0] };
  if (rest.length === 0) return { at: "example" };
  // An answer with the item's own properties (no shared $ref): the item itself.
  const item = objectSchema(doc, itemSchema);
  const itemProps = new Set(Object.keys(item?.properties ?? {}));
  if (rest.length && rest.every((p) => itemProps.has(p))) return { at: "item" };
  return undefined;
}

/** The paging of a list: its x-pagination (REST) or x-action.pagination (RPC), with the page-size default. */
function pagingOf(doc, pagination, params) {
  if (!pagination) return undefined;
  const sizeName = pagination.pageSizeParam ?? pagination.limitParam;
  const sizeParam = [...params.values()].find((p) => p.name === sizeName);
  const fallback = resolveRef(doc, sizeParam?.schema)?.default;
  return { ...pagination, defaultPageSize: typeof fallback === "number" ? fallback : 100 };
}

/**
 * The cursors the spec's example pages use (`x-mock.exampleBy` on the cursor parameter), as
 * offsets into the seeded list: a documented cursor (e.g. `?after=hjkmlnp`) keeps working on the
 * stateful mock. The pages are in exampleBy's order, each as many items long as its example.
 */
function exampleCursorOffsets(doc, op, paging, itemsField) {
  const by = op["x-mock"]?.exampleBy;
  if (by?.in !== "query" || by.name !== paging.cursorParam) return undefined;
  const success = Object.entries(op.responses ?? {}).find(([status]) => /^2/.test(status));
  const named = jsonMedia(doc, success?.[1])?.examples ?? {};
  const offsets = {};
  let offset = 0;
  for (const [cursor, name] of Object.entries(by.examples ?? {})) {
    const items = resolveRef(doc, named[name])?.value?.[itemsField];
    if (!Array.isArray(items)) return undefined;
    if (cursor !== "") offsets[cursor] = offset;
    offset += items.length;
  }
  return Object.keys(offsets).length ? offsets : undefined;
}

/** Whether list items are the keys themselves (e.g. `twins: [uuid, ...]`) or the stored items. */
function listItemMode(doc, itemsSchema) {
  let s = resolveRef(doc, itemsSchema);
  if (s?.oneOf || s?.anyOf) s = resolveRef(doc, (s.oneOf ?? s.anyOf)[0]);
  const type = Array.isArray(s?.type) ? s.type.find((t) => t !== "null") : s?.type;
  return type === "string" || type === "integer" ? "key" : "value";
}

/** The items schema of a list answer: under the paging's `items` field, or the one array property. */
function listItemsOf(doc, responseSchema, itemsField, rpc) {
  const obj = objectSchema(doc, responseSchema);
  const envelope = ENVELOPE_FIELDS(rpc);
  const arrays = Object.entries(obj?.properties ?? {}).filter(
    ([n, s]) => !envelope.has(n) && resolveRef(doc, s)?.type === "array",
  );
  const hit = itemsField ? arrays.find(([n]) => n === itemsField) : arrays.length === 1 ? arrays[0] : undefined;
  return hit ? { field: hit[0], schema: resolveRef(doc, hit[1]).items } : undefined;
}

/** A template for new items: the first example of the item (a get answer, else a create answer). */
function itemExample(value, placement) {
  if (!value || typeof value !== "object") return undefined;
  if (placement?.at === "item") return value;
  if (placement?.at === "property") return value[placement.name];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// REST

function restCandidates(doc) {
  const byPath = new Map();
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem?.[method];
      if (op?.operationId && !op["x-rpc"])
        (byPath.get(path) ?? byPath.set(path, []).get(path)).push({ path, method, op, pathItem });
    }
  }
  return byPath;
}

const KIND_ON_COLLECTION = { post: "create", get: "list" };
const KIND_ON_ITEM = { get: "get", patch: "update", put: "update", delete: "delete" };
const KIND_ON_MAP_COLLECTION = { post: "create", get: "list", patch: "update", put: "update", delete: "delete" };

function deriveRest(doc, model, report) {
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
    resource.seed = seedRest(doc, resource, modelOps, live, itemOps, param);
    model.resources[name] = resource;
    for (const [id, entry] of modelOps) {
      model.operations[id] = entry;
      report.push({ operation: id, stateful: true, kind: entry.kind, resource: name });
    }
  }
  for (const [, ops] of byPath) {
    for (const e of ops) {
      if (placed.has(e.op.operationId) || model.operations[e.op.operationId]) continue;
      skip(
        e,
        optedOut(e) ? "x-mock.stateful is false" : "not part of a collection (no create or list with an item path)",
      );
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

/** The seed of a REST resource: the items its list and get examples show, keyed as the model keys them. */
function seedRest(doc, resource, ops, live, itemOps, param) {
  const seed = new Map();
  const exampleOf = (e, name) => {
    const p = paramsOf(doc, e.pathItem, e.op).get(`path:${name}`);
    return p ? parameterExample(doc, p).value : undefined;
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
  // The item the docs' samples address (the path parameter's example) exists too, so every
  // sample that reads, updates or deletes an item finds one.
  const itemOp = itemOps[0];
  const sampleKey = itemOp && param ? exampleOf(itemOp, param) : undefined;
  if (sampleKey !== undefined && !seed.has(String(sampleKey)) && resource.template) {
    const value = structuredClone(resource.template);
    add(sampleKey, resource.idPath ? setPath(value, resource.idPath, sampleKey) : value);
  }
  return [...seed.values()];
}

function setPath(value, path, leaf) {
  if (!path?.length) return value;
  let at = value;
  for (const k of path.slice(0, -1)) at = at[k] && typeof at[k] === "object" ? at[k] : (at[k] = {});
  at[path.at(-1)] = leaf;
  return value;
}

// ---------------------------------------------------------------------------------------------
// RPC action families

const FAMILY = /^(create|get|update|delete)_(.+)$/;
const pluralsOf = (t) => [`${t}s`, `${t}es`, t.endsWith("y") ? `${t.slice(0, -1)}ies` : undefined].filter(Boolean);

function deriveRpc(doc, rpc, model, report) {
  const schemas = doc.components?.schemas ?? {};
  const byName = new Map(rpc.actions.map((a) => [a.action, a]));
  const types = new Set();
  for (const a of rpc.actions) {
    const m = FAMILY.exec(a.action);
    if (m && !a.action.startsWith("get_all_")) types.add(m[2]);
  }
  const placed = new Set();
  const envelopeOk = {
    [rpc.envelope?.success ?? "success"]: true,
    ...(rpc.envelope?.message ? { [rpc.envelope.message]: "" } : {}),
  };
  for (const type of [...types].sort()) {
    const family = {
      create: byName.get(`create_${type}`),
      get: byName.get(`get_${type}`),
      update: byName.get(`update_${type}`),
      delete: byName.get(`delete_${type}`),
      list: pluralsOf(type)
        .map((p) => byName.get(`get_all_${p}`))
        .find(Boolean),
    };
    const override = Object.assign(
      {},
      ...Object.values(family)
        .filter(Boolean)
        .map((a) => a.mock?.resource ?? {}),
    );
    if (Object.values(family).some((a) => a?.mock?.stateful === false)) continue;
    const getResp = family.get ? { $ref: `#/components/schemas/${family.get.responseSchema}` } : undefined;
    const envelope = ENVELOPE_FIELDS(rpc);
    const getProps = Object.entries(objectSchema(doc, getResp)?.properties ?? {}).filter(([n]) => !envelope.has(n));
    let itemSchema = getProps.length === 1 ? getProps[0][1] : undefined;
    let template = family.get ? schemas[family.get.responseSchema]?.examples?.[0]?.[getProps[0]?.[0]] : undefined;
    let listed;
    if (family.list) {
      listed = listItemsOf(
        doc,
        { $ref: `#/components/schemas/${family.list.responseSchema}` },
        family.list.pagination?.items,
        rpc,
      );
      itemSchema ??= listed?.schema;
      template ??= schemas[family.list.responseSchema]?.examples?.[0]?.[listed?.field]?.[0];
    }
    const keyField = override.keyField ?? "id";
    const keyed = [family.get, family.update, family.delete]
      .filter(Boolean)
      .every((a) => resolveRef(doc, schemas[a.requestSchema])?.properties?.[keyField]);
    const idPath = override.idPath ? splitPath(override.idPath) : findIdPath(doc, itemSchema);
    const members = Object.values(family).filter(Boolean);
    if (!itemSchema || !idPath || !keyed || (!family.get && !family.list)) {
      for (const a of members) {
        placed.add(a.action);
        report.push({
          operation: a.action,
          stateful: false,
          reason: `the ${type} family has no get or list, or no \`${keyField}\` to address items by`,
        });
      }
      continue;
    }
    const name = type;
    const notFound = {
      status: rpc.unknownAction?.status ?? 200,
      body: {
        ...envelopeOk,
        [rpc.envelope?.success ?? "success"]: false,
        ...(rpc.envelope?.message ? { [rpc.envelope.message]: "{message}" } : {}),
      },
      inferred: true,
    };
    const resource = {
      parentParams: [],
      idPath,
      idFormat: override.idFormat ?? idFormatOf(doc, getPath(objectSchema(doc, itemSchema)?.properties, idPath)),
      itemSchema,
      ...(template ? { template } : {}),
      ...(override.deleteMarks ? { deleteMarks: override.deleteMarks } : {}),
      ...(listed?.schema ? { listItemSchema: listed.schema } : {}),
    };
    const seed = new Map();
    if (family.list)
      for (const ex of schemas[family.list.responseSchema]?.examples ?? [])
        for (const item of ex?.[listed.field] ?? []) seed.set(String(getPath(item, idPath)), item);
    if (template) seed.set(String(getPath(template, idPath)), template);
    resource.seed = [...seed]
      .filter(([k]) => k !== "undefined")
      .map(([key, value]) => ({ parentKeys: [], key, value }));
    model.resources[name] = resource;
    for (const [kind, a] of Object.entries(family)) {
      if (!a) continue;
      const respRef = { $ref: `#/components/schemas/${a.responseSchema}` };
      const example = schemas[a.responseSchema]?.examples?.[0];
      const entry = {
        resource: name,
        kind,
        action: a.action,
        status: 200,
        notFound,
        ...(example !== undefined ? { example } : {}),
      };
      if (kind === "list") {
        Object.assign(entry, {
          items: listed.field,
          itemMode: "value",
          ...(a.pagination ? { paging: { ...a.pagination, defaultPageSize: 100 } } : {}),
        });
      } else {
        const placement = placementOf(doc, respRef, itemSchema, idPath, rpc);
        if (!placement) {
          report.push({
            operation: a.action,
            stateful: false,
            reason: "the answer is neither the item, its id nor the envelope alone",
          });
          placed.add(a.action);
          continue;
        }
        entry.placement = placement;
        if (kind !== "create") entry.keyField = keyField;
      }
      model.operations[a.action] = entry;
      placed.add(a.action);
      report.push({ operation: a.action, stateful: true, kind, resource: name });
    }
  }
  for (const a of rpc.actions) {
    if (!placed.has(a.action))
      report.push({
        operation: a.action,
        stateful: false,
        reason: "not part of a create/get/update/delete/get_all action family",
      });
  }
}

/**
 * The resource model of one bundled spec: `{ resources, operations, report }`. `report` lists
 * every operation (or action) with `stateful` and, when not, the reason.
 */
export function resourceModel(doc, rpc) {
  const model = { resources: {}, operations: {} };
  const report = [];
  deriveRest(doc, model, report);
  if (rpc) deriveRpc(doc, rpc, model, report);
  report.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
  return { ...model, report };
}

// ---------------------------------------------------------------------------------------------
// Where the model goes: the mock view (for the router), the docs view and the generate output.

/** Writes the model into the mock view's router rules (`x-specforge-mock.resources` / `.operations`). */
export function addResourceModel(view, model) {
  const router = view["x-specforge-mock"];
  router.resources = model.resources;
  router.operations = model.operations;
  return view;
}

const KIND_TEXT = {
  create: "creates an item of",
  get: "reads an item of",
  update: "updates an item of",
  delete: "deletes an item of",
  list: "lists",
  history: "reads the value history of the items of",
};

/** One line per operation in the docs view: what the mock does with it (stateful or example answers, and why). */
export function addMockStateToDocs(view, model) {
  const byOperation = new Map(model.report.map((r) => [r.operation, r]));
  for (const pathItem of Object.values(view.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem?.[method];
      const entry = op?.operationId ? byOperation.get(op.operationId) : undefined;
      if (!entry) continue;
      const line = entry.stateful
        ? `**Mock:** stateful: ${KIND_TEXT[entry.kind]} \`${entry.resource}\` in the mock's store.`
        : `**Mock:** answers with the spec's examples (not stateful: ${entry.reason}).`;
      op.description = op.description ? `${op.description.trimEnd()}\n\n${line}` : line;
    }
  }
  return view;
}

/** The generate output's line about the mock: how many operations are stateful, and which are not. */
export function stateSummary(model) {
  const stateful = model.report.filter((r) => r.stateful);
  const other = model.report.filter((r) => !r.stateful).map((r) => r.operation);
  return `mock: ${stateful.length} of ${model.report.length} operations stateful${other.length ? `; example answers: ${other.join(", ")}` : ""}`;
}
