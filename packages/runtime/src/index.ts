export * from "./errors.js";
export { Redactor, REDACTED } from "./redact.js";
export { base64Utf8 } from "./encoding.js";
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
} from "./settings.js";
export { PAGING_STYLES } from "./paging-styles.js";
export {
  pageThrough,
  getPath,
  cursorPages,
  offsetPages,
  windowPages,
  PAGERS,
  type Pager,
  type PaginationSpec,
  type PageFetcher,
  type PagingStyle,
  type WindowRecord,
} from "./paginate.js";
export { createCore, createApiClient, send, type Core, type CoreOptions } from "./client.js";
export {
  operation,
  action,
  paginate,
  type ActionFn,
  type OperationFn,
  type OperationFacts,
  type OperationSpec,
  type Paging,
  type RpcEndpoint,
} from "./operation.js";
export type { Envelope } from "./response.js";
export { styleParams } from "./wire.js";
export type { ParamFormat, ParamFormats, ParamFormatter, ParamStyle } from "./params.js";
export {
  schemeAuth,
  type BasicCredential,
  type CredentialFor,
  type SchemeAuth,
  type SchemeCredentials,
  type SecuritySchemeFacts,
} from "./credentials.js";
export {
  clientCredentials,
  staticHeaders,
  type ClientCredentialsOptions,
  type TokenCache,
  type TokenResponse,
} from "./oauth.js";
export type { ActionArgs, ActionParams, CallInit, CallResult, InitArgs, PageItem, Paged } from "./types.js";
