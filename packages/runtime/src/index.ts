export * from "./errors.js";
export { Redactor, REDACTED } from "./redact.js";
export {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  backoffDelay,
  parseRetryAfter,
  type AttemptEvent,
  type AuthProvider,
  type CallOptions,
  type RequestSettings,
  type RetrySettings,
} from "./transport.js";
export { paginate, getPath, type PaginationSpec, type PageFetcher } from "./paginate.js";
export {
  createInvoker,
  createOperationClient,
  type Invoker,
  type ApiClient,
  type OperationClientOptions,
  type OperationEntry,
  type RuntimeOptions,
} from "./client.js";
export {
  createRpcClient,
  type ActionEntry,
  type ActionMethods,
  type ActionPaginators,
  type ActionParams,
  type RpcClient,
  type RpcEndpoint,
} from "./rpc.js";
export { clientCredentials, staticHeaders, type ClientCredentialsOptions, type TokenCache, type TokenResponse } from "./oauth.js";
export type { CallInit, CallResult, OperationFacade, OperationMethod, PaginatorFacade, WindowRecord } from "./types.js";
