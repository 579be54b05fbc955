// The stateful mock's rules from the spec's `x-mock` (codegen resource-rules.mjs puts them into the
// mock view): lists filtered and ordered by the parameters they document, answers refused by an
// item's state, time fields stamped on create/update, and items gone once their expiry time has
// passed. Plain functions over the model's rules and stored values; knows no provider, no
// parameter and no field by name.
import { getPath, isObject, setPath } from "@specforge/model";

/** A time value as milliseconds: unix seconds (a number) or a date/date-time string; NaN otherwise. */
function timeOf(value) {
  if (typeof value === "number") return value * 1000;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
  return Number.NaN;
}

/**
 * Compares an item's field with a request's value: as times when both read as times (so
 * `2024-11-24` and `2024-11-24T08:42:10Z` compare), as numbers when both are numeric, else as text.
 */
function compareValues(field, given) {
  const a = timeOf(field);
  const b = timeOf(typeof field === "number" && /^-?\d+(\.\d+)?$/.test(String(given)) ? Number(given) : given);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
  const x = Number(field);
  const y = Number(given);
  if (field !== "" && given !== "" && Number.isFinite(x) && Number.isFinite(y)) return Math.sign(x - y);
  const s = String(field);
  const t = String(given);
  return s < t ? -1 : s > t ? 1 : 0;
}

const COMPARE = {
  eq: (c) => c === 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
};

const FLAG_TESTS = {
  present: (v) => v !== undefined,
  absent: (v) => v === undefined,
  null: (v) => v === undefined || v === null,
  notNull: (v) => v !== undefined && v !== null,
};

/** Whether a flag filter (`show_private=false`) hides an item: the flag (else its default) says so and the field passes the test. */
function hiddenByFlag(f, value, given) {
  const flag = given === undefined || given === null || given === "" ? f.default : given === true || given === "true";
  return flag === f.hidesWhen && FLAG_TESTS[f.test](getPath(value, f.field));
}

/** Orders two stored values by a field (absent values last; stable for equal ones). */
function byField(path, descending) {
  return ([, a], [, b]) => {
    const x = getPath(a, path);
    const y = getPath(b, path);
    if (x === undefined || x === null) return y === undefined || y === null ? 0 : 1;
    if (y === undefined || y === null) return -1;
    const c = compareValues(x, y);
    return descending ? -c : c;
  };
}

/**
 * The entries (`[key, value]`) a list shows, before paging: its filters applied and its order
 * (`orderBy`'s field, else `sort`), as the operation's `list` rules say. `arg(name)` reads a
 * request parameter (query, or body field for an RPC action).
 * @param {{ list?: object }} op
 * @param {Array<[string, unknown]>} entries
 * @param {(name: string) => unknown} arg
 */
export function listed(op, entries, arg) {
  const rules = op.list;
  if (!rules) return entries;
  let out = entries;
  for (const f of rules.filters ?? []) {
    if (f.test) {
      out = out.filter(([, value]) => !hiddenByFlag(f, value, arg(f.param)));
      continue;
    }
    const given = arg(f.param);
    if (given === undefined || given === null || given === "") continue;
    out = out.filter(([, value]) => {
      const field = getPath(value, f.field);
      return field !== undefined && field !== null && COMPARE[f.compare](compareValues(field, given));
    });
  }
  const named = rules.orderBy ? arg(rules.orderBy.param) : undefined;
  if (typeof named === "string" && named && out.some(([, v]) => isObject(v) && getPath(v, named) !== undefined))
    return [...out].sort(byField(named.split("."), false));
  if (rules.sort) return [...out].sort(byField(rules.sort.field, rules.sort.descending));
  return out;
}

/** The answer refusing a request for an item in a state the operation's `refuse` rules name, or undefined. */
export function refusal(op, value) {
  for (const rule of op.refuse ?? [])
    if (rule.when.every(({ path, value: wanted }) => getPath(value, path) === wanted))
      return { status: rule.status, body: structuredClone(rule.body), error: true };
  return undefined;
}

/** The values the store holds right after a reset: the seed (the spec's examples, the user's fixtures). */
export function seedValues(store) {
  const seeded = new WeakSet();
  for (const scope of store.scopes.values()) for (const value of scope.values()) if (isObject(value)) seeded.add(value);
  return seeded;
}

/**
 * Whether a stored item is gone because its expiry time (`resource.expiresAt`) has passed. Items
 * of the seed never expire: the docs' examples carry past dates, and their samples must keep
 * finding them; what a request stored expires at its own time.
 */
export function expired(resource, value, seeded, now = Date.now()) {
  if (!resource.expiresAt || !isObject(value) || seeded?.has(value)) return false;
  const at = timeOf(getPath(value, resource.expiresAt));
  return !Number.isNaN(at) && at <= now;
}

function stampValue(format, ms) {
  if (format === "unix") return Math.round(ms) / 1000;
  if (format === "unix-integer") return Math.floor(ms / 1000);
  const iso = new Date(ms).toISOString();
  return format === "date" ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/**
 * Sets the resource's time fields (`resource.stamps`) on a value about to be stored: `create`
 * stamps on create only, `update` on create and every update, with `changes` only when one of
 * those fields changed; `offset` seconds from now (a default expiry), `unlessSent` only when the
 * request did not set the field. `previous`: the stored value an update starts from.
 */
export function stamp(resource, value, { previous, sent, now = Date.now() } = {}) {
  for (const rule of resource.stamps ?? []) {
    if (previous !== undefined && rule.on === "create") continue;
    if (rule.unlessSent && getPath(sent, rule.path) !== undefined) continue;
    const unchanged = (p) => JSON.stringify(getPath(previous, p)) === JSON.stringify(getPath(value, p));
    if (previous !== undefined && rule.changes?.every(unchanged)) continue;
    setPath(value, rule.path, stampValue(rule.format, now + (rule.offset ?? 0) * 1000));
  }
  return value;
}

/**
 * An answer in the shape of the operation's response schema (`placement.at: "answer"`): each of
 * its properties from the stored item, else from the operation's example (a removed sticker's
 * `account`, which the item does not hold).
 */
export function answerShape(value, answerSchema, example) {
  const props = isObject(answerSchema?.properties) ? Object.keys(answerSchema.properties) : undefined;
  if (!props || !isObject(value)) return value;
  const out = {};
  for (const prop of props) {
    if (prop in value) out[prop] = value[prop];
    else if (isObject(example) && prop in example) out[prop] = example[prop];
  }
  return out;
}

/** A list answer whose map of items sits at a path (`list.groupUnder`), e.g. under the caller's account (no group when empty). */
export function grouped(out, path, items) {
  delete out[path[0]];
  if (Object.keys(items).length === 0) return path.length > 1 ? setPath(out, path.slice(0, -1), {}) : out;
  return setPath(out, path, items);
}

/** The schema of one item of a map found at `path` inside an answer schema (`resolve` follows `$ref`s). */
export function groupedItemSchema(resolve, answerSchema, path) {
  let at = resolve(answerSchema);
  for (const key of path) at = resolve(at?.properties?.[key] ?? at?.additionalProperties);
  const item = resolve(at?.additionalProperties);
  return isObject(item) ? item : undefined;
}

const historyKey = (name, parentKeys, key) => [name, ...parentKeys.map(String), String(key)].join("\u0000");

/** The value histories the mock starts with: the history operation's examples (`resource.historySeed`). */
export function seedHistories(resources) {
  const histories = new Map();
  for (const [name, resource] of Object.entries(resources))
    for (const { parentKeys, key, records } of resource.historySeed ?? [])
      histories.set(historyKey(name, parentKeys, key), structuredClone(records));
  return histories;
}

/**
 * Records an item's new value in its history (`resource.history`) when the value changed and the
 * item keeps a history (its `when` field is set), at the item's own time field; keeps the newest `max`.
 * A new item (no `previous`) starts a history of its own: records kept under its key (the seed's,
 * for an item the seed does not hold, or a deleted item's) are not its past.
 */
export function recordHistory(histories, name, resource, parentKeys, key, value, previous) {
  const rule = resource.history;
  if (!rule || !isObject(value)) return;
  const when = rule.when ? getPath(value, rule.when) : true;
  if (when === undefined || when === null || when === false) return;
  const current = getPath(value, rule.field);
  if (previous !== undefined && JSON.stringify(getPath(previous, rule.field)) === JSON.stringify(current)) return;
  const at = timeOf(getPath(value, rule.at)) / 1000;
  if (Number.isNaN(at)) return;
  const id = historyKey(name, parentKeys, key);
  const records = previous === undefined ? [] : (histories.get(id) ?? []);
  // Records are keyed by their time in milliseconds: two changes within one keep both, a millisecond apart.
  const last = records.at(-1)?.[0];
  records.push([
    last !== undefined && at <= last ? Math.round((last + 0.001) * 1000) / 1000 : at,
    structuredClone(current),
  ]);
  histories.set(id, records.slice(-(rule.max ?? 1000)));
}

/**
 * A history answer's map: for each live item (the keys asked for, else all) with records, its
 * values by time (`"1700000200.000"`), newest first, within the window's `since`..`until`
 * (inclusive) and at most `limit` per item.
 */
export function historyMap(histories, name, parentKeys, keys, windowParams, arg) {
  const num = (p) => (p && arg(p) !== undefined ? Number(arg(p)) : undefined);
  const since = num(windowParams.since);
  const until = num(windowParams.until);
  const limit = num(windowParams.limit);
  const out = {};
  for (const key of keys) {
    const records = (histories.get(historyKey(name, parentKeys, key)) ?? [])
      .filter(([at]) => (since === undefined || at >= since) && (until === undefined || at <= until))
      .sort(([a], [b]) => b - a)
      .slice(0, limit && limit > 0 ? limit : undefined);
    if (records.length) out[key] = Object.fromEntries(records.map(([at, value]) => [at.toFixed(3), value]));
  }
  return out;
}

/**
 * Removes the items that belong to a deleted one (`cascade`: `[{resource, field}]`, e.g. a deleted
 * member's payments, whose `member` field holds its id), in every scope of those resources, through
 * the store (so change events go out). Returns how many were removed.
 */
export function cascadeDelete(store, rules, deletedKey) {
  let removed = 0;
  for (const { resource, field } of rules ?? []) {
    for (const [scopeId, scope] of [...store.scopes]) {
      const [name, ...parentKeys] = scopeId.split("\u0000");
      if (name !== resource) continue;
      for (const [key, value] of [...scope])
        if (String(getPath(value, field)) === String(deletedKey) && store.delete(name, parentKeys, key) !== undefined)
          removed++;
    }
  }
  return removed;
}
