// The stateful mock's rules a spec states in `x-mock` (on an RPC action: `x-action.mock`) beyond
// what the resource model derives by itself (resources.mjs):
// - `list`: what a list does with the parameters it documents: `orderBy` (a parameter naming the
//   item field to sort by), `sort` (the order without one), `filters` (a parameter compared with
//   an item field) and `ignores` (documented parameters the mock does not apply, with why).
// - `refuse`: an answer for an item in a given state (a second terminate of a twin).
// - `cascade`: on a delete, the items of other resources that belong to the deleted one go too.
// - `resource.of`: the operation reads or writes the resource of another path (a ledger's
//   `/value` view), as `resource.kind` says.
// - `resource.stamps`: item fields set to the current time on create/update; `resource.expiresAt`:
//   the field after whose time an item is gone; `resource.history`: the values an item's field
//   took, kept when the item asks for it, and read by a `kind: history` operation (`x-mock.history`
//   names its window parameters), seeded from that operation's examples.
// Each rule is checked against the spec here, so a rule naming a parameter or field the operation
// does not have fails `npm run generate` with the place. Knows no provider by name.
import { isObject, operationsOf, parameterExample, resolveRef, templateParams } from "@specforge/model";

const COMPARES = new Set(["eq", "gt", "ge", "lt", "le"]);
const TESTS = new Set(["present", "absent", "null", "notNull"]);
const STAMP_ON = new Set(["create", "update"]);
const KINDS = new Set(["list", "get", "update", "delete", "history"]);

/** The operations (REST and RPC actions) with an `x-mock` rule, and what each may name. */
function ruledOperations(doc) {
  const out = [];
  for (const o of operationsOf(doc, { actions: true })) {
    if (o.kind === "rpc") continue;
    const mock = o.kind === "action" ? o.meta?.mock : o.op["x-mock"];
    if (!isObject(mock)) continue;
    const params =
      o.kind === "action"
        ? Object.keys(resolveRef(doc, o.variant)?.properties ?? {})
        : o.parameters.filter((p) => p.in === "query").map((p) => p.name);
    const where = o.kind === "action" ? `${o.pointer}/x-action/mock` : `${o.pointer}/x-mock`;
    out.push({ id: o.operationId, path: o.path, method: o.method, mock, params: new Set(params), where, o });
  }
  return out;
}

/** The schema of a (dot) path inside an object schema, through `$ref` and `allOf`/`oneOf`/`anyOf`. */
function fieldSchema(doc, schema, path, depth = 0) {
  let s = resolveRef(doc, schema);
  if (!path.length) return s;
  if (!isObject(s) || depth > 16) return undefined;
  const prop = s.properties?.[path[0]];
  if (prop !== undefined) return fieldSchema(doc, prop, path.slice(1), depth + 1);
  for (const key of ["allOf", "oneOf", "anyOf"])
    for (const branch of s[key] ?? []) {
      s = fieldSchema(doc, branch, path, depth + 1);
      if (s !== undefined) return s;
    }
  return undefined;
}

/** How a time field is written: unix seconds (a number) or an ISO date-time/date string. */
function timeFormat(doc, schema) {
  const s = resolveRef(doc, schema);
  if (!isObject(s)) return undefined;
  const types = [s.type].flat().filter(Boolean);
  if (types.includes("number")) return "unix";
  if (types.includes("integer")) return "unix-integer";
  if (types.includes("string")) return s.format === "date" ? "date" : "iso";
  for (const key of ["allOf", "oneOf", "anyOf"])
    for (const branch of s[key] ?? []) {
      const found = timeFormat(doc, branch);
      if (found) return found;
    }
  return undefined;
}

const splitPath = (p) => (Array.isArray(p) ? p : String(p).split("."));

function listRules(doc, rule, entry, resource, ruled) {
  const fail = (what) => {
    throw new Error(`${ruled.where}/list: ${what}`);
  };
  if (entry.kind !== "list") fail(`${ruled.id} is not a stateful list (${entry.kind})`);
  const itemSchema = resource.listItemSchema ?? resource.itemSchema;
  const needParam = (name, where) => {
    if (!ruled.params.has(name)) fail(`${where} names ${name}, which is not a parameter of ${ruled.id}`);
    return name;
  };
  const needField = (field, where) => {
    const path = splitPath(field);
    if (itemSchema && fieldSchema(doc, itemSchema, path) === undefined)
      fail(`${where} names the item field ${field}, which the item schema does not have`);
    return path;
  };
  // A flag (`show_private=false`) hides the items whose field passes a test; absent, its default applies.
  const flagFilter = (f, i) => {
    if (!TESTS.has(f.test)) fail(`filters[${i}].test must be one of ${[...TESTS].join(", ")}`);
    if (typeof f.hidesWhen !== "boolean") fail(`filters[${i}].hidesWhen must be true or false`);
    const param = needParam(f.param, `filters[${i}]`);
    const schema =
      ruled.o.kind === "action"
        ? resolveRef(doc, ruled.o.variant)?.properties?.[param]
        : ruled.o.parameters.find((p) => p.name === param)?.schema;
    const fallback = resolveRef(doc, schema)?.default;
    return {
      param,
      field: needField(f.field, `filters[${i}]`),
      test: f.test,
      hidesWhen: f.hidesWhen,
      ...(typeof fallback === "boolean" ? { default: fallback } : {}),
    };
  };
  const out = {};
  if (rule.orderBy !== undefined) out.orderBy = { param: needParam(rule.orderBy, "orderBy") };
  if (rule.sort !== undefined) {
    if (!isObject(rule.sort) || !rule.sort.field) fail("sort needs {field, descending?}");
    out.sort = { field: needField(rule.sort.field, "sort"), descending: rule.sort.descending === true };
  }
  if (rule.filters !== undefined) {
    if (!Array.isArray(rule.filters)) fail("filters must be a list of {param, field, compare}");
    out.filters = rule.filters.map((f, i) => {
      if (f?.test !== undefined) return flagFilter(f, i);
      if (!COMPARES.has(f?.compare)) fail(`filters[${i}].compare must be one of ${[...COMPARES].join(", ")}`);
      return {
        param: needParam(f.param, `filters[${i}]`),
        field: needField(f.field, `filters[${i}]`),
        compare: f.compare,
      };
    });
  }
  if (rule.groupUnder !== undefined) out.groupUnder = splitPath(rule.groupUnder);
  if (rule.ignores !== undefined) {
    if (!isObject(rule.ignores)) fail("ignores must map a parameter to why the mock does not apply it");
    for (const name of Object.keys(rule.ignores)) needParam(name, "ignores");
    out.ignores = rule.ignores;
  }
  return out;
}

function refuseRules(rules, ruled) {
  if (!Array.isArray(rules)) throw new Error(`${ruled.where}/refuse: a list of {when, status, body}`);
  return rules.map((r, i) => {
    if (!isObject(r?.when) || !Number.isInteger(r.status) || r.body === undefined)
      throw new Error(`${ruled.where}/refuse/${i}: needs when (field -> value), status and body`);
    return {
      when: Object.entries(r.when).map(([field, value]) => ({ path: splitPath(field), value })),
      status: r.status,
      body: r.body,
    };
  });
}

function cascadeRules(doc, model, rules, entry, ruled) {
  const where = `${ruled.where}/cascade`;
  if (entry.kind !== "delete") throw new Error(`${where}: ${ruled.id} is not a stateful delete (${entry.kind})`);
  if (!Array.isArray(rules)) throw new Error(`${where}: a list of {resource, field}`);
  return rules.map((rule, i) => {
    const target = model.resources[rule?.resource];
    if (!target) throw new Error(`${where}/${i}: ${rule?.resource} is not a stateful resource of this spec`);
    const field = splitPath(rule.field ?? "");
    if (!rule.field || fieldSchema(doc, target.itemSchema, field) === undefined)
      throw new Error(`${where}/${i}: the items of ${rule.resource} have no field ${rule.field}`);
    return { resource: rule.resource, field };
  });
}

function stampRules(doc, stamps, resource, ruled) {
  if (!isObject(stamps)) throw new Error(`${ruled.where}/resource/stamps: map a field to create, update or {...}`);
  return Object.entries(stamps).map(([field, how]) => {
    const rule = typeof how === "string" ? { on: how } : how;
    const where = `${ruled.where}/resource/stamps/${field}`;
    if (!isObject(rule) || !STAMP_ON.has(rule.on))
      throw new Error(`${where}: on must be create or update (or {on, changes, offset, unlessSent})`);
    const path = splitPath(field);
    const format = timeFormat(doc, fieldSchema(doc, resource.itemSchema, path));
    if (!format) throw new Error(`${where}: the item schema has no number or string field ${field}`);
    return {
      path,
      on: rule.on,
      format,
      ...(Array.isArray(rule.changes) ? { changes: rule.changes.map(splitPath) } : {}),
      ...(typeof rule.offset === "number" ? { offset: rule.offset } : {}),
      ...(rule.unlessSent ? { unlessSent: true } : {}),
    };
  });
}

/** The operation entry of an operation that works on another path's resource (`x-mock.resource.of`). */
function viewEntry(doc, model, ruled) {
  const { of, kind } = ruled.mock.resource;
  const where = `${ruled.where}/resource/of`;
  const resource = model.resources[of];
  if (!resource) throw new Error(`${where}: ${of} is not a stateful resource of this spec`);
  if (!KINDS.has(kind)) throw new Error(`${where}: needs kind (${[...KINDS].join(", ")})`);
  const sibling =
    Object.values(model.operations).find((e) => e.resource === of && e.kind === kind) ??
    Object.values(model.operations).find((e) => e.resource === of);
  const success = ruled.o.success;
  const examples = success?.media?.examples;
  const example = examples
    ? resolveRef(doc, Object.values(examples)[0])?.value
    : (success?.media?.example ?? resolveRef(doc, success?.schema)?.examples?.[0]);
  const entry = {
    resource: of,
    kind,
    method: ruled.method.toUpperCase(),
    path: ruled.path,
    ...(success ? { status: Number(success.status) } : {}),
  };
  const pathParams = templateParams(ruled.path);
  const missing = resource.parentParams.filter((p) => !pathParams.includes(p));
  if (missing.length)
    throw new Error(`${where}: ${ruled.path} lacks the path parameters ${missing.join(", ")} of ${of}`);
  const keyParam = pathParams.filter((p) => !resource.parentParams.includes(p)).at(-1);
  if (kind === "history") {
    if (!resource.map) throw new Error(`${where}: a history reads a keyed map's items (${of} is not one)`);
    Object.assign(entry, { placement: { at: "map", name: resource.map }, history: historyParams(ruled) });
    const keys = ruled.o.parameters.find((p) => p.in === "query" && p.name === resource.map);
    if (keys) entry.keysQuery = keys.name;
  } else if (keyParam) {
    // One item, answered in its own schema's shape: the stored item's fields, the rest from the example.
    if (kind === "list") throw new Error(`${where}: a list cannot name one item (${keyParam})`);
    Object.assign(entry, { keyParam, placement: { at: "answer" } });
  } else if (resource.map) {
    entry.placement = { at: "map", name: resource.map };
    const keys = ruled.o.parameters.find((p) => p.in === "query" && p.name === resource.map);
    if (keys) entry.keysQuery = keys.name;
  } else if (kind === "list") {
    if (!sibling?.items) throw new Error(`${where}: ${of} has no list to take the items' field from`);
    Object.assign(entry, { items: sibling.items, itemMode: sibling.itemMode ?? "value" });
  } else throw new Error(`${where}: ${ruled.path} has no path parameter naming the item`);
  if (sibling?.notFound) entry.notFound = sibling.notFound;
  if (example !== undefined) entry.example = example;
  return entry;
}

/** A history operation's window parameters (`x-mock.history: {since, until, limit}`), each checked. */
function historyParams(ruled) {
  const given = ruled.mock.history ?? {};
  const out = {};
  for (const role of ["since", "until", "limit"]) {
    if (given[role] === undefined) continue;
    if (!ruled.params.has(given[role]))
      throw new Error(`${ruled.where}/history: ${role} names ${given[role]}, which is not a parameter of ${ruled.id}`);
    out[role] = given[role];
  }
  return out;
}

/**
 * The history records a history operation's examples show, as the store's seed keys them:
 * `{parentKeys, key, records: [[time, value], ...]}` (all the example pages together).
 */
function historySeed(doc, ruled, resource) {
  const byParam = new Map(ruled.o.parameters.filter((p) => p.in === "path").map((p) => [p.name, p]));
  const parentKeys = resource.parentParams.map((p) => parameterExample(doc, byParam.get(p)));
  if (parentKeys.some((k) => k === undefined || k === null)) return [];
  const records = new Map();
  for (const raw of Object.values(ruled.o.success?.media?.examples ?? {})) {
    const map = resolveRef(doc, raw)?.value?.[resource.map];
    for (const [key, values] of Object.entries(isObject(map) ? map : {}))
      for (const [at, value] of Object.entries(isObject(values) ? values : {}))
        if (Number.isFinite(Number(at)))
          (records.get(key) ?? records.set(key, new Map()).get(key)).set(Number(at), value);
  }
  return [...records].map(([key, byTime]) => ({
    parentKeys: parentKeys.map(String),
    key,
    records: [...byTime].sort(([a], [b]) => a - b),
  }));
}

function historyRule(doc, rule, resource, ruled) {
  const where = `${ruled.where}/resource/history`;
  if (!isObject(rule) || !rule.field || !rule.at) throw new Error(`${where}: needs field, at and (optionally) when`);
  for (const name of [rule.field, rule.at, rule.when].filter(Boolean))
    if (fieldSchema(doc, resource.itemSchema, splitPath(name)) === undefined)
      throw new Error(`${where}: the item schema has no field ${name}`);
  return {
    field: splitPath(rule.field),
    at: splitPath(rule.at),
    ...(rule.when ? { when: splitPath(rule.when) } : {}),
    ...(Number.isInteger(rule.max) ? { max: rule.max } : {}),
  };
}

/**
 * Adds the spec's `x-mock` rules to a resource model (in place; returns it). Throws a message
 * naming the rule's place when a rule names what the operation or its item does not have.
 */
export function addResourceRules(doc, model) {
  const ruled = ruledOperations(doc);
  // Views first: an operation on another path's resource joins the model before its rules apply.
  for (const r of ruled) {
    if (!r.mock.resource?.of || r.mock.stateful === false) continue;
    model.operations[r.id] = viewEntry(doc, model, r);
    const row = model.report.find((x) => x.operation === r.id);
    const line = { operation: r.id, stateful: true, kind: model.operations[r.id].kind, resource: r.mock.resource.of };
    if (row) Object.assign(row, line, { reason: undefined });
    else model.report.push(line);
    if (row) delete row.reason;
  }
  for (const r of ruled) {
    const entry = model.operations[r.id];
    const { list, refuse, cascade, resource: resourceRule } = r.mock;
    if (!entry) {
      if (list || refuse || cascade || resourceRule?.stamps || resourceRule?.expiresAt || resourceRule?.history)
        throw new Error(`${r.where}: ${r.id} has stateful rules, but the stateful mock does not model it`);
      continue;
    }
    const resource = model.resources[entry.resource];
    if (list) entry.list = listRules(doc, list, entry, resource, r);
    if (refuse) entry.refuse = refuseRules(refuse, r);
    if (cascade) entry.cascade = cascadeRules(doc, model, cascade, entry, r);
    if (resourceRule?.stamps) resource.stamps = stampRules(doc, resourceRule.stamps, resource, r);
    if (resourceRule?.history) resource.history = historyRule(doc, resourceRule.history, resource, r);
    if (entry.kind === "history") resource.historySeed = historySeed(doc, r, resource);
    if (resourceRule?.expiresAt) {
      const path = splitPath(resourceRule.expiresAt);
      if (!timeFormat(doc, fieldSchema(doc, resource.itemSchema, path)))
        throw new Error(`${r.where}/resource/expiresAt: the item has no time field ${resourceRule.expiresAt}`);
      resource.expiresAt = path;
    }
  }
  return model;
}

const COMPARE_TEXT = { eq: "equals", gt: "is after", ge: "is at or after", lt: "is before", le: "is at or before" };

/** The sentence the docs' "Mock:" line gets for a list's rules (what the mock does with each parameter). */
export function listRulesSentence(rules) {
  if (!rules) return undefined;
  const parts = [];
  if (rules.orderBy) parts.push(`\`${rules.orderBy.param}\` (sorts by the item field it names)`);
  const TEST_TEXT = { present: "have", absent: "lack", null: "have no", notNull: "have a" };
  for (const f of rules.filters ?? [])
    if (f.test)
      parts.push(`\`${f.param}=${f.hidesWhen}\` (hides the items that ${TEST_TEXT[f.test]} \`${f.field.join(".")}\`)`);
    else parts.push(`\`${f.param}\` (keeps the items whose \`${f.field.join(".")}\` ${COMPARE_TEXT[f.compare]} it)`);
  const sentences = [];
  if (parts.length)
    sentences.push(
      `The mock's list applies ${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]}.`,
    );
  if (rules.sort)
    sentences.push(
      `Items come in ${rules.sort.descending ? "descending" : "ascending"} order of \`${rules.sort.field.join(".")}\`${rules.orderBy ? ` unless \`${rules.orderBy.param}\` is given` : ""}.`,
    );
  for (const [param, why] of Object.entries(rules.ignores ?? {})) sentences.push(`It ignores \`${param}\`: ${why}.`);
  return sentences.join(" ") || undefined;
}

/** Appends the list rules' sentence to each ruled operation's "Mock:" line in the docs view. */
export function addListRulesToDocs(view, model) {
  for (const o of operationsOf(view)) {
    const sentence = listRulesSentence(model.operations[o.operationId]?.list);
    if (!sentence || typeof o.op.description !== "string") continue;
    o.op.description = `${o.op.description.trimEnd()} ${sentence}`;
  }
  return view;
}
