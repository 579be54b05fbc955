// @specforge/model: the one reading of a bundled OpenAPI 3.1 document that every engine shares.
// Browser-safe (no `node:` import); the manifest's file reader is `@specforge/model/manifest`.
export {
  escapePointer,
  HTTP_METHODS,
  IDEMPOTENT_METHODS,
  pointerOf,
  pointerTo,
  READ_METHODS,
  refName,
  resolvePointer,
  resolveRef,
  unescapePointer,
} from "./refs.mjs";
export {
  actionsOf,
  isJsonMedia,
  mergedParameters,
  needsCredentials,
  operationsOf,
  rpcOperationOf,
} from "./operations.mjs";
export {
  compareSpecificity,
  pathMatcher,
  serverBasePath,
  serverUrl,
  templateMatcher,
  templateParams,
} from "./paths.mjs";
export { fill, getPath, isObject, parameterExample, schemaExample, setPath } from "./values.mjs";
