// A user's fixtures (`seed` of startMock, a seed file's contents) as store items: each checked
// against its resource (id, parent, item schema), with a message naming the item and the problem.
import { getPath, isObject, setPath } from "@specforge/model";

/**
 * The store items of a user's fixtures `{ "<resource>": [item, ...] }` for the compiled `state`.
 * @param {object} state the compiled state (model.mjs)
 * @param {unknown} seed
 */
export function userSeedItems(state, seed) {
  if (!isObject(seed)) throw new Error('seed: expected an object { "<resource>": [item, ...] }');
  const items = [];
  for (const [name, list] of Object.entries(seed)) {
    const resource = state.resources[name];
    if (!resource)
      throw new Error(
        `seed: unknown resource "${name}"; this mock's resources are ${Object.keys(state.resources).join(", ")}`,
      );
    if (!Array.isArray(list)) throw new Error(`seed: "${name}" must be an array of items`);
    list.forEach((entry, i) => {
      const where = `seed: ${name}[${i}]`;
      if (!isObject(entry)) throw new Error(`${where} must be an object`);
      const explicit = isObject(entry.value) && Object.keys(entry).every((k) => ["value", "key", "parent"].includes(k));
      const given = explicit ? entry.value : entry;
      const template = state.template(name);
      const value = { ...template, ...structuredClone(given) };
      const key =
        explicit && entry.key !== undefined ? entry.key : resource.idPath ? getPath(value, resource.idPath) : undefined;
      if (
        key === undefined ||
        key === null ||
        (resource.idPath && getPath(given, resource.idPath) === undefined && !(explicit && entry.key !== undefined))
      ) {
        if (resource.map) throw new Error(`${where} needs a "key" (items of ${name} are keyed by their name)`);
        throw new Error(`${where} needs its id at ${resource.idPath.join(".")}`);
      }
      if (resource.idPath) setPath(value, resource.idPath, key);
      const parent = explicit && isObject(entry.parent) ? entry.parent : {};
      const missing = resource.parentParams.filter((p) => parent[p] === undefined);
      if (missing.length)
        throw new Error(`${where} needs "parent": { ${missing.map((p) => `"${p}": "..."`).join(", ")} }`);
      const validate = state.validator(`item:${name}`, resource.itemSchema ?? {}, true);
      if (resource.itemSchema && !validate(value)) {
        throw new Error(
          `${where} does not fit the item schema: ${validate.errors.map((e) => `${e.instancePath || "(item)"} ${e.message}`).join("; ")}`,
        );
      }
      items.push({
        resource: name,
        parentKeys: resource.parentParams.map((p) => String(parent[p])),
        key: String(key),
        value,
      });
    });
  }
  return items;
}
