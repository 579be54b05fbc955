// The mock's in-memory store: the items each resource of the mock view's resource model holds,
// per scope (the keys of the parents, e.g. the twin an identity belongs to). One store per running
// mock. It knows nothing of HTTP or of any provider: state.mjs decides what goes in and out.

/** The default number of items one store holds (all resources together). */
export const DEFAULT_MAX_ITEMS = 100_000;

/** Thrown when a create would take the store past its cap; the router answers 507. */
export class StoreFullError extends Error {
  constructor(maxItems) {
    super(
      `The mock's store is full (${maxItems} items). Reset it (POST /__specforge/reset or mock.reset()) or start the mock with a larger maxItems.`,
    );
    this.name = "StoreFullError";
    this.maxItems = maxItems;
  }
}

const SEP = "\u0000";
const scopeKey = (resource, parentKeys = []) => [resource, ...parentKeys.map(String)].join(SEP);

/**
 * @typedef {{ resource: string, parentKeys?: string[], key: string, value: unknown }} StoreItem
 * @typedef {{ resource: string, kind: "created" | "updated" | "deleted", key: string, value: unknown, parentKeys: string[] }} ChangeEvent
 */

export class Store {
  /** @param {{ maxItems?: number, seed?: StoreItem[] }} [options] */
  constructor({ maxItems = DEFAULT_MAX_ITEMS, seed = [] } = {}) {
    if (!Number.isInteger(maxItems) || maxItems < 1)
      throw new Error(`maxItems must be a positive integer, not ${maxItems}`);
    this.maxItems = maxItems;
    this.seedItems = seed;
    this.listeners = new Set();
    this.reset();
  }

  /** Back to the seed (the spec's examples and the user's fixtures). Emits no change events. */
  reset() {
    /** @type {Map<string, Map<string, unknown>>} */
    this.scopes = new Map();
    this.size = 0;
    for (const item of this.seedItems)
      this.#put(item.resource, item.parentKeys ?? [], String(item.key), structuredClone(item.value), false);
  }

  /** Calls `listener(event)` after every create, update and delete; returns the unsubscribe function. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  #emit(event) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not change the answer of the request that caused the change.
      }
    }
  }

  #put(resource, parentKeys, key, value, emit) {
    const id = scopeKey(resource, parentKeys);
    let scope = this.scopes.get(id);
    const existed = scope?.has(key) ?? false;
    if (!existed && this.size >= this.maxItems) throw new StoreFullError(this.maxItems);
    if (!scope) this.scopes.set(id, (scope = new Map()));
    scope.set(key, value);
    if (!existed) this.size++;
    if (emit) this.#emit({ resource, kind: existed ? "updated" : "created", key, value, parentKeys: [...parentKeys] });
    return existed ? "updated" : "created";
  }

  /** Stores `value` under `key`; returns "created" or "updated". Throws StoreFullError at the cap. */
  put(resource, parentKeys, key, value) {
    return this.#put(resource, parentKeys ?? [], String(key), value, true);
  }

  get(resource, parentKeys, key) {
    return this.scopes.get(scopeKey(resource, parentKeys))?.get(String(key));
  }

  has(resource, parentKeys, key) {
    return this.scopes.get(scopeKey(resource, parentKeys))?.has(String(key)) ?? false;
  }

  /** Removes the item; returns its last value (undefined when there was none). */
  delete(resource, parentKeys, key) {
    const scope = this.scopes.get(scopeKey(resource, parentKeys));
    key = String(key);
    if (!scope?.has(key)) return undefined;
    const value = scope.get(key);
    scope.delete(key);
    this.size--;
    this.#emit({ resource, kind: "deleted", key, value, parentKeys: [...(parentKeys ?? [])] });
    return value;
  }

  /** The items of one scope as [key, value] pairs, oldest first. */
  entries(resource, parentKeys) {
    return [...(this.scopes.get(scopeKey(resource, parentKeys))?.entries() ?? [])];
  }

  /** Every key a resource uses in any scope (to make fresh ids that do not collide). */
  *keysOf(resource) {
    const prefix = resource + SEP;
    for (const [id, scope] of this.scopes) if (id === resource || id.startsWith(prefix)) yield* scope.keys();
  }
}
