/**
 * Type helpers mapping openapi-typescript's `operations` (and an RPC API's action map) to call
 * signatures. The generated code names them per operation; they are evaluated only for the
 * operations a program calls. The runtime's own: no type comes from another package.
 */
import type { PAGING_STYLES } from "./paging-styles.js";
import type { PagingStyle, WindowRecord } from "./paginate.js";

type ParamsOf<Op> = Op extends { parameters: infer P } ? P : {};

/** The keys of T that are not optional. */
export type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** An operation's request body object, `{ content }` (undefined in it when the body is optional). */
type RequestBodyOf<Op> = "requestBody" extends keyof Op ? Op["requestBody" & keyof Op] : never;

/** Whether the operation's `requestBody` key is optional (or absent). */
type BodyOptional<Op> = "requestBody" extends RequiredKeysOf<Op> ? false : true;

/** The request body's content under any media type (`type/subtype`); never when there is none. */
type BodyContent<Op> =
  NonNullable<RequestBodyOf<Op>> extends infer Body
    ? Body extends { content: infer Content }
      ? Content[keyof Content & `${string}/${string}`]
      : never
    : never;

type BodyOf<Op> = [BodyContent<Op>] extends [never]
  ? { body?: never }
  : BodyOptional<Op> extends true
    ? { body?: BodyContent<Op> }
    : { body: BodyContent<Op> };

/** What a call takes: `{ path, query, header, body }`, each as the spec declares it. */
export type CallInit<Op> = ParamsOf<Op> & BodyOf<Op>;

type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";

/** A response object's JSON content (`application/json`, else any `.../json` or `...+json`); undefined when it has none. */
type JsonContent<Response> = Response extends { content: infer Content }
  ? "application/json" extends keyof Content
    ? Content["application/json"]
    : Content[keyof Content & (`${string}/json` | `${string}+json`)]
  : undefined;

/**
 * What a call resolves to: the 2xx JSON body (a union when several 2xx answers are declared).
 * Only the 2xx codes the operation declares count: intersecting the responses with an index
 * signature, as SuccessResponse's constraint invites, would make every result `any`.
 */
export type CallResult<Op> = Op extends { responses: infer Responses }
  ? [keyof Responses & OkStatus] extends [never]
    ? unknown
    : { [Code in keyof Responses & OkStatus]: SuccessBody<Responses[Code]> }[keyof Responses & OkStatus]
  : never;

/** A 2xx body: its JSON content, or a Blob when the answer is not JSON (a file download). */
type SuccessBody<Response> = Response extends { content: infer Content }
  ? [keyof Content] extends [never]
    ? undefined
    : [JsonContent<Response>] extends [never]
      ? Blob
      : JsonContent<Response>
  : undefined;

/** A call's arguments: `(init, options?)`, `init` optional when nothing in it is required. */
export type InitArgs<Op, O> =
  RequiredKeysOf<CallInit<Op>> extends never ? [init?: CallInit<Op>, options?: O] : [init: CallInit<Op>, options?: O];

/** An RPC action's parameters: its request body without the discriminator. */
export type ActionParams<A extends { request: object }, D extends string> = Omit<A["request"], D>;

/** An action call's arguments: `(params, options?)`, `params` optional when nothing in it is required. */
export type ActionArgs<A extends { request: object }, D extends string, O> =
  {} extends ActionParams<A, D>
    ? [params?: ActionParams<A, D>, options?: O]
    : [params: ActionParams<A, D>, options?: O];

/** Item type of a paginated result: the elements of its `items` array at a dot path (or map entries). */
export type PageItem<Body, Key extends string> = Key extends `${infer Head}.${infer Rest}`
  ? Head extends keyof NonNullable<Body>
    ? PageItem<NonNullable<Body>[Head], Rest>
    : unknown
  : Key extends keyof NonNullable<Body>
    ? NonNullable<NonNullable<Body>[Key]> extends readonly (infer Item)[]
      ? Item
      : NonNullable<NonNullable<Body>[Key]> extends Record<string, infer V>
        ? [key: string, value: V]
        : unknown
    : unknown;

/** What `paginate` yields for a style (paging-styles.js): each item of the pages, or history records. */
export type Paged<
  Body,
  Style extends PagingStyle,
  Items extends string,
> = (typeof PAGING_STYLES)[Style]["yields"] extends "record" ? WindowRecord : PageItem<Body, Items>;
