// The list behaviour of the stateful mock: which stored items a list shows (filters and order
// from the rules, rules.mjs), how it pages them in the operation's style (cursor or offset), the
// shape a listed item takes (the list item schema's properties), and keyed-map collections
// (`{<map>: {<key>: item}}`: create, update, delete, history and list of several keys at once).
// Functions over the compiled state (model.mjs); imports no `node:` module. Knows no provider.
import { getPath, isObject, resolveRef, setPath } from "@specforge/model";
import { grouped, groupedItemSchema, historyMap, listed as listedEntries } from "./rules.mjs";

/** The keys a keyed-map operation's query names (`?entries=a,b`), or undefined for all. */
function keysIn(op, query) {
  const listed = op.keysQuery ? query.get(op.keysQuery) : null;
  return listed
    ? listed
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean)
    : undefined;
}

/** The schema of one list item in an operation's answer (array items or map values). */
export function listItemSchema(state, op, status) {
  const found = state.responseSchema(op, status);
  const field = op.items ?? op.placement?.name;
  const prop = resolveRef(state.view, resolveRef(state.view, found?.schema)?.properties?.[field]);
  const item = prop?.items ?? prop?.additionalProperties;
  return isObject(item) ? resolveRef(state.view, item) : undefined;
}

/** A stored item in the shape a list shows it: the list item schema's properties, found at the top or one level down. */
export function project(value, itemSchema) {
  if (!isObject(itemSchema?.properties) || !isObject(value)) return value;
  const out = {};
  for (const prop of Object.keys(itemSchema.properties)) {
    if (prop in value) out[prop] = value[prop];
    else
      for (const nested of Object.values(value))
        if (isObject(nested) && prop in nested) {
          out[prop] = nested[prop];
          break;
        }
  }
  // A list shows what the spec says a listed item holds, not the whole stored item (Trusted
  // Twin's identities list has timestamps only; a get shows the rest).
  return out;
}

/** Lists page by page in the operation's style (cursor or offset), or all at once. */
export function runList(state, matched, status, name, parentKeys, example) {
  const { op, query, body } = matched;
  const arg = (n) => (n === undefined ? undefined : ((op.action ? body?.[n] : query.get(n)) ?? undefined));
  const all = listedEntries(op, state.live(name, parentKeys), arg);
  const paging = op.paging;
  let offset = 0;
  let size = all.length;
  if (paging?.style === "cursor") {
    const cursor = arg(paging.cursorParam);
    // Our own cursors are `p<offset>`; the spec's example cursors (codegen maps them to offsets) work too.
    if (typeof cursor === "string" && /^p\d+$/.test(cursor)) offset = Number(cursor.slice(1));
    else if (typeof cursor === "string" && Object.hasOwn(paging.exampleCursors ?? {}, cursor))
      offset = paging.exampleCursors[cursor];
    size = Number(arg(paging.pageSizeParam)) || paging.defaultPageSize || 100;
  } else if (paging?.style === "offset") {
    offset = Number(arg(paging.offsetParam)) || 0;
    size = Number(arg(paging.limitParam)) || paging.defaultPageSize || 100;
  }
  const page = all.slice(offset, offset + size);
  const itemSchema = listItemSchema(state, op, status);
  const shown =
    op.itemMode === "key"
      ? page.map(([k]) => k)
      : op.itemMode === "map"
        ? Object.fromEntries(page.map(([k, v]) => [k, project(v, itemSchema)]))
        : page.map(([, v]) => project(v, itemSchema));
  const out = isObject(example) ? example : {};
  out[op.items] = shown;
  if (paging?.style === "cursor") {
    const more = offset + size < all.length;
    const path = String(paging.nextCursor).split(".");
    setPath(out, path, more ? `p${offset + size}` : null);
    const holder = path.length > 1 ? getPath(out, path.slice(0, -1)) : out;
    if (isObject(holder)) {
      if ("hasNextPage" in holder) holder.hasNextPage = more;
      if ("startCursor" in holder) holder.startCursor = page.length ? `p${offset}` : null;
    }
  }
  return { status, body: out };
}

/** A keyed-map collection: `{<map>: {<key>: item}}` in the body and in the answer. */
export function runMap(state, matched, status, name, resource, parentKeys, example) {
  const { op, query, body } = matched;
  const mapName = resource.map;
  const out = isObject(example) ? example : {};
  const requested = isObject(body?.[mapName]) ? body[mapName] : {};
  const answer = {};
  switch (op.kind) {
    case "create":
      for (const [key, fields] of Object.entries(requested))
        answer[key] = state.save(name, parentKeys, key, key, state.template(name), fields);
      break;
    case "update":
      for (const [key, fields] of Object.entries(requested)) {
        const existing = state.find(name, parentKeys, key);
        if (existing === undefined) return state.notFound(op, `${mapName} ${key}`);
        answer[key] = state.save(name, parentKeys, key, getPath(existing, resource.idPath), existing, fields, existing);
      }
      break;
    case "delete": {
      const keys = keysIn(op, query) ?? state.store.entries(name, parentKeys).map(([k]) => k);
      for (const key of keys) {
        const removed = state.store.delete(name, parentKeys, key);
        if (removed !== undefined) answer[key] = removed;
      }
      break;
    }
    case "history": {
      const keys = keysIn(op, query) ?? state.live(name, parentKeys).map(([k]) => k);
      const live = keys.filter((k) => state.find(name, parentKeys, k) !== undefined);
      out[mapName] = historyMap(state.histories, name, parentKeys, live, op.history, (n) => query.get(n) ?? undefined);
      return { status, body: out };
    }
    default: {
      // list (and a read of the whole map)
      const listed = keysIn(op, query);
      const wanted = listed ? new Set(listed) : undefined;
      const groupUnder = op.list?.groupUnder;
      const itemSchema = groupUnder
        ? groupedItemSchema((s) => resolveRef(state.view, s), state.responseSchema(op, status)?.schema, groupUnder)
        : listItemSchema(state, op, status);
      const arg = (n) => query.get(n) ?? undefined;
      for (const [key, value] of listedEntries(op, state.live(name, parentKeys), arg))
        if (!wanted || wanted.has(key)) answer[key] = project(value, itemSchema);
      if (groupUnder) return { status, body: grouped(out, groupUnder, answer) };
    }
  }
  out[mapName] = answer;
  return { status, body: out };
}
