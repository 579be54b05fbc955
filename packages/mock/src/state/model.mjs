// The stateful mock: runs the resource model codegen derived into the mock view
// (`x-specforge-mock.resources` / `.operations`) against a Store. The router forwards every
// request to Prism first; when Prism accepts it (2xx), the answer's data comes from here:
// create stores the request merged into the item's shape, get/update/delete find the item (or
// answer the provider's not-found), lists page through the store in the operation's own style.
// Every answer is checked against the operation's response schema; one that would not validate
// is replaced by Prism's example answer (and counted in `fallbacks`). Knows no provider.
import {
  escapePointer,
  fill,
  getPath,
  HTTP_METHODS,
  isObject,
  pathMatcher,
  pointerOf,
  resolveRef,
  setPath,
} from "@specforge/model";
import { specAjv } from "../spec-ajv.mjs";
import { compiledView } from "../view.mjs";
import { runList, runMap } from "./lists.mjs";
import { Store, StoreFullError } from "./store.mjs";
import { userSeedItems } from "./user-seed.mjs";
import {
  answerShape,
  cascadeDelete,
  expired,
  recordHistory,
  refusal,
  seedHistories,
  seedValues,
  stamp,
} from "./rules.mjs";

/** The reserved path prefix of the mock's own endpoints (never an API path). */
export const CONTROL_PREFIX = "/__specforge";

const VIEW_ID = "view.json";
const resolveLocal = (view, node) => resolveRef(view, node);

/** A schema from the model, with its local `$ref`s pointing into the mock view (so Ajv resolves them). */
function intoView(schema) {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${VIEW_ID}#/`));
}

/**
 * Compiles the model of one mock view. Returns undefined when the view has no model or the mock
 * is stateless. `seed`: fixtures, an object as in a seed file (options.mjs reads a file's path).
 * Imports no `node:` module: an in-process mock runs it too.
 * @param {object} viewOrCompiled the mock view, or its compileMockView
 * @param {{ seed?: object, maxItems?: number }} [options]
 */
export function compileState(viewOrCompiled, { seed, maxItems } = {}) {
  const { view, contract: router } = compiledView(viewOrCompiled);
  if (!router?.resources || !router.operations) return undefined;
  if (typeof seed === "string") throw new Error("seed: give the fixtures as an object (read a file with readSeedFile)");
  return new MockState(view, router, { seed, maxItems });
}

/**
 * One matcher per method over every operation of the view, so a literal path segment wins over a
 * template whether or not its operation is stateful (`/pet/findByStatus` before `/pet/{petId}`).
 */
function methodMatchers(view, hidden) {
  const byMethod = new Map();
  for (const [template, rawItem] of Object.entries(view.paths ?? {})) {
    if (hidden.has(template)) continue;
    const item = resolveRef(view, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      const key = method.toUpperCase();
      if (!byMethod.has(key)) byMethod.set(key, []);
      byMethod.get(key).push(template);
    }
  }
  return new Map([...byMethod].map(([method, templates]) => [method, pathMatcher(templates)]));
}

class MockState {
  constructor(view, router, { seed, maxItems }) {
    this.view = view;
    this.resources = router.resources;
    this.operations = router.operations;
    this.rpc = router.rpc;
    this.fallbacks = 0;
    this.ajv = specAjv({ allErrors: false });
    this.ajv.addSchema(view, VIEW_ID);
    this.validators = new Map();
    this.counters = new Map();
    this.restOps = new Map();
    this.rpcOps = new Map();
    for (const [operationId, op] of Object.entries(this.operations)) {
      if (op.action) {
        const route = this.rpc?.routes?.[op.action];
        if (route) this.rpcOps.set(route, { operationId, op, route });
      } else this.restOps.set(`${op.method} ${op.path}`, { operationId, op });
    }
    this.matchers = methodMatchers(view, new Set(Object.values(this.rpc?.routes ?? {})));
    const items = [];
    for (const [name, resource] of Object.entries(this.resources))
      for (const s of resource.seed ?? []) items.push({ resource: name, ...s });
    if (seed !== undefined) items.push(...this.userSeed(seed));
    this.store = new Store({ maxItems, seed: items });
    this.seeded = seedValues(this.store);
    this.histories = seedHistories(this.resources);
  }

  /** Back to the seed. */
  reset() {
    this.store.reset();
    this.seeded = seedValues(this.store);
    this.histories = seedHistories(this.resources);
    this.counters.clear();
  }

  /** A stored item, unless its expiry time has passed (rules.mjs). */
  find(name, parentKeys, key) {
    const value = this.store.get(name, parentKeys, key);
    return value === undefined || expired(this.resources[name], value, this.seeded) ? undefined : value;
  }

  /** The items of one scope a list may show (expired ones left out). */
  live(name, parentKeys) {
    return this.store.entries(name, parentKeys).filter(([, v]) => !expired(this.resources[name], v, this.seeded));
  }

  // -------------------------------------------------------------------------------------------
  // Schemas

  /** The Ajv that fits values to a schema, made on the first write (a mock that only reads never needs it). */
  normalizingAjv() {
    if (!this.normalizer) {
      this.normalizer = specAjv({ allErrors: true, coerceTypes: true, removeAdditional: true });
      this.normalizer.addSchema(this.view, VIEW_ID);
    }
    return this.normalizer;
  }

  validator(key, schema, normalizing = false) {
    const id = `${normalizing ? "n" : "v"}:${key}`;
    let validate = this.validators.get(id);
    if (!validate) {
      validate = (normalizing ? this.normalizingAjv() : this.ajv).compile(intoView(schema));
      this.validators.set(id, validate);
    }
    return validate;
  }

  /**
   * Fits a value to the resource's item schema: request strings become the booleans and numbers
   * the item holds, unknown fields of a closed schema are dropped, and a field that still breaks
   * the schema takes the template's value. Returns the value, or undefined if it cannot fit.
   */
  fit(name, value, fallback) {
    const resource = this.resources[name];
    if (!resource.itemSchema) return value;
    // A value that already fits stays as sent: coercion would break `oneOf: [number, null]` (null coerces to 0).
    if (this.validator(`item:${name}`, resource.itemSchema)(value)) return value;
    const validate = this.validator(`item:${name}`, resource.itemSchema, true);
    for (let attempt = 0; attempt < 4; attempt++) {
      if (validate(value)) return value;
      const bad = new Set(validate.errors.map((e) => e.instancePath.split("/")[1]).filter(Boolean));
      if (bad.size === 0) return undefined;
      for (const field of bad) {
        if (fallback && field in fallback) value[field] = structuredClone(fallback[field]);
        else delete value[field];
      }
    }
    return validate(value) ? value : undefined;
  }

  /** The response schema of an operation for a status (REST path or RPC route). */
  responseSchema(op, status) {
    const path = op.action ? this.rpc.routes[op.action] : op.path;
    const method = op.action ? this.rpc.method.toLowerCase() : op.method.toLowerCase();
    // The path item and the response may be $refs (components/pathItems, components/responses):
    // the schema's pointer goes where each really lives, since Ajv cannot pass through a $ref.
    const item = this.view.paths?.[path];
    const operation = `${pointerOf(this.view, item, `#/paths/${escapePointer(path)}`)}/${method}`;
    const raw = resolveLocal(this.view, item)?.[method]?.responses?.[String(status)];
    const response = resolveLocal(this.view, raw);
    const content = response?.content ?? {};
    const media = Object.keys(content).find((m) => /json/i.test(m));
    if (!media) return undefined;
    const at = pointerOf(this.view, raw, `${operation}/responses/${escapePointer(String(status))}`);
    return {
      pointer: `${VIEW_ID}${at}/content/${escapePointer(media)}/schema`,
      schema: resolveLocal(this.view, content[media].schema),
    };
  }

  valid(op, status, body) {
    // One validator per operation and status, found once (null: the answer has no JSON schema).
    const id = `answer:${op.action ?? `${op.method} ${op.path}`}:${status}`;
    let validate = this.validators.get(id);
    if (validate === undefined) {
      const found = this.responseSchema(op, status);
      validate = found ? (this.ajv.getSchema(found.pointer) ?? this.ajv.compile({ $ref: found.pointer })) : null;
      this.validators.set(id, validate);
    }
    if (!validate) return true;
    const ok = validate(body);
    this.lastErrors = validate.errors;
    return ok;
  }

  // -------------------------------------------------------------------------------------------
  // Matching a request

  /** The stateful operation a routed request reaches, with its path parameters; undefined if none. */
  match(method, forwardPath, body) {
    const url = new URL(`http://mock${forwardPath}`);
    const rpcOp = this.rpcOps.get(url.pathname);
    if (rpcOp) {
      let json;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        return undefined;
      }
      return { ...rpcOp, params: {}, query: url.searchParams, body: json };
    }
    // The operation the path reaches among all of the view's; a stateless one is left to Prism.
    const found = this.matchers.get(method)?.match(url.pathname);
    const entry = found && this.restOps.get(`${method} ${found.template}`);
    if (!entry) return undefined;
    let json;
    if (body.length) {
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        json = undefined;
      }
    }
    return { ...entry, params: found.params, query: url.searchParams, body: json };
  }

  // -------------------------------------------------------------------------------------------
  // Answering

  notFound(op, what) {
    const nf = op.notFound ?? { status: 404, body: { error: "{message}" } };
    return { status: nf.status, body: fill(nf.body, { message: `${what} not found` }), error: true };
  }

  freshId(name) {
    const resource = this.resources[name];
    for (;;) {
      let id;
      if (resource.idFormat === "uuid") id = globalThis.crypto.randomUUID();
      else {
        let counter = this.counters.get(name);
        if (counter === undefined) {
          const numeric = [...this.store.keysOf(name)].map(Number).filter(Number.isFinite);
          counter = numeric.length ? Math.max(...numeric) : 0;
        }
        counter += 1;
        this.counters.set(name, counter);
        id = String(counter);
      }
      if (!this.store.has(name, [], id)) return resource.idFormat === "integer" ? Number(id) : id;
    }
  }

  /** The request's own fields (the RPC discriminator and the key field removed). */
  requestFields(op, body) {
    if (!isObject(body)) return {};
    const fields = { ...body };
    if (op.action && this.rpc?.discriminator) delete fields[this.rpc.discriminator];
    if (op.keyField) delete fields[op.keyField];
    return fields;
  }

  place(op, value, key, example) {
    const p = op.placement ?? { at: "item" };
    if (p.at === "item") return value;
    if (p.at === "property") return { ...(isObject(example) ? example : {}), [p.name]: value };
    if (p.at === "id") return { ...(isObject(example) ? example : {}), [p.name]: key };
    if (p.at === "answer")
      return answerShape(value, resolveLocal(this.view, this.responseSchema(op, op.status)?.schema), example);
    return example;
  }

  /**
   * The answer of one stateful request Prism accepted with `status`; `prismBody` is Prism's answer
   * (or a function returning it, called only when needed)
   * (used when the stateful answer would not validate).
   * @returns {{ status: number, body: unknown }}
   */
  answer(matched, status, prismBody) {
    const { op } = matched;
    let result;
    try {
      result = this.run(matched, status);
    } catch (error) {
      if (error instanceof StoreFullError)
        return {
          status: 507,
          body: fill(this.view["x-mock"]?.badInput?.body ?? { error: "{message}" }, { message: error.message }),
        };
      throw error;
    }
    if (!result.error && !this.valid(op, status, result.body)) {
      this.fallbacks++;
      if (!this.warned?.has(matched.operationId)) {
        (this.warned ??= new Set()).add(matched.operationId);
        console.warn(
          `mock: the stateful answer of ${matched.operationId} does not fit its response schema; answering the example (${JSON.stringify(this.lastErrors?.slice(0, 2) ?? [])})`,
        );
      }
      return { status, body: typeof prismBody === "function" ? prismBody() : prismBody };
    }
    return { status: result.status, body: result.body };
  }

  /**
   * What a new item starts from: the fields the item schema requires, taken from the spec's
   * example (so a created item has the shape the API answers, and none of the example's options).
   */
  template(name) {
    const resource = this.resources[name];
    const template = structuredClone(resource.template ?? {});
    const schema = resolveLocal(this.view, resource.itemSchema);
    const required = Array.isArray(schema?.required) ? new Set(schema.required) : undefined;
    if (!required || !isObject(template)) return template;
    return Object.fromEntries(Object.entries(template).filter(([k]) => required.has(k)));
  }

  /**
   * Stores `base` merged with the request's `fields`, fitted to the item schema, with `id` at the
   * item's id path; a value that cannot fit keeps `base`. Returns what was stored.
   */
  save(name, parentKeys, key, id, base, fields, previous) {
    const { idPath } = this.resources[name];
    const withId = (v) => (idPath && id !== undefined ? setPath(v, idPath, id) : v);
    const value =
      this.fit(name, withId({ ...structuredClone(base), ...structuredClone(isObject(fields) ? fields : {}) }), base) ??
      withId(structuredClone(base));
    stamp(this.resources[name], value, { previous, sent: fields });
    this.store.put(name, parentKeys, key, withId(value));
    recordHistory(this.histories, name, this.resources[name], parentKeys, key, value, previous);
    return value;
  }

  run(matched, status) {
    const { op, params, body } = matched;
    const name = op.resource;
    const resource = this.resources[name];
    const parentKeys = resource.parentParams.map((p) => params[p]);
    const example = structuredClone(op.example);
    // A nested resource lives only as long as its parent does.
    if (resource.parent) {
      const parent = this.resources[resource.parent];
      const n = parent.parentParams.length;
      if (!this.store.has(resource.parent, parentKeys.slice(0, n), parentKeys[n]))
        return this.notFound(op, `${resource.parent} ${parentKeys[n]}`);
    }
    const keyOf = () => (op.action ? (isObject(body) ? body[op.keyField] : undefined) : params[op.keyParam]);

    if (resource.map && op.placement?.at === "map")
      return runMap(this, matched, status, name, resource, parentKeys, example);

    switch (op.kind) {
      case "create": {
        const key = this.freshId(name);
        const value = this.save(name, parentKeys, key, key, this.template(name), this.requestFields(op, body));
        return { status, body: this.place(op, value, key, example) };
      }
      case "get": {
        const key = keyOf();
        const value = this.find(name, parentKeys, key);
        if (value === undefined) return this.notFound(op, `${name} ${key}`);
        const refused = refusal(op, value);
        if (refused) return refused;
        return { status, body: this.place(op, value, key, example) };
      }
      case "update": {
        const key = keyOf();
        const existing = this.find(name, parentKeys, key);
        if (existing === undefined) return this.notFound(op, `${name} ${key}`);
        const refused = refusal(op, existing);
        if (refused) return refused;
        const value = this.save(
          name,
          parentKeys,
          key,
          getPath(existing, resource.idPath),
          existing,
          this.requestFields(op, body),
          existing,
        );
        return { status, body: this.place(op, value, key, example) };
      }
      case "delete": {
        const key = keyOf();
        const existing = this.find(name, parentKeys, key);
        if (existing === undefined) return this.notFound(op, `${name} ${key}`);
        const refused = refusal(op, existing);
        if (refused) return refused;
        if (resource.deleteMarks) {
          // Marked, not removed (e.g. a terminated twin): the delete answer's own fields join it.
          const extra =
            op.placement?.at === "item" && isObject(example)
              ? Object.fromEntries(Object.entries(example).filter(([k]) => !(k in existing)))
              : {};
          const value = { ...extra, ...structuredClone(existing), ...resource.deleteMarks };
          this.store.put(name, parentKeys, key, value);
          return { status, body: this.place(op, value, key, example) };
        }
        this.store.delete(name, parentKeys, key);
        cascadeDelete(this.store, op.cascade, key);
        return { status, body: this.place(op, existing, key, example) };
      }
      case "list":
        return runList(this, matched, status, name, parentKeys, example);
      default:
        return { status, body: example };
    }
  }

  userSeed(seed) {
    return userSeedItems(this, seed);
  }
}
