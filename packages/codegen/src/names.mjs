// The one rule turning an operationId into the client's method name (and a generated function's
// name): the id itself when it is a JavaScript identifier (snake_case or camelCase alike), else
// the id with every other character replaced by `_` (`get-/files/{id}` -> `get__files__id_`).
// emit.mjs names the methods with it, samples.mjs calls them with it.

export const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name);

/** The client object's method name of an operationId (`paginate` is the client's own: `paginate_`). */
export function methodName(id) {
  const name = isIdentifier(id) ? id : id.replace(/[^\w$]/g, "_").replace(/^(\d)/, "_$1");
  return name === "paginate" ? "paginate_" : name;
}
