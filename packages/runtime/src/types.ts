/** Type helpers mapping openapi-typescript's `operations` to the facade's call signatures. */
import type {
  IsOperationRequestBodyOptional,
  OperationRequestBodyContent,
  RequiredKeysOf,
} from "openapi-typescript-helpers";
import type { CallOptions } from "./transport.js";

type ParamsOf<Op> = Op extends { parameters: infer P } ? P : {};

type BodyOf<Op> =
  OperationRequestBodyContent<Op> extends never
    ? { body?: never }
    : IsOperationRequestBodyOptional<Op> extends true
      ? { body?: OperationRequestBodyContent<Op> }
      : { body: OperationRequestBodyContent<Op> };

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

type InitArgs<Op, O> =
  RequiredKeysOf<CallInit<Op>> extends never
    ? [init?: CallInit<Op>, options?: O]
    : [init: CallInit<Op>, options?: O];

export type OperationMethod<Op, O = CallOptions> = (...args: InitArgs<Op, O>) => Promise<CallResult<Op>>;

/** One method per operation, named by its operationId. */
export type OperationFacade<Ops, O = CallOptions> = { [K in keyof Ops]: OperationMethod<Ops[K], O> };

/** Item type of a paginated operation: the elements of its `items` array (or map entries). */
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

type PaginatedNames<Table> = {
  [K in keyof Table]: Table[K] extends { pagination: { items: string } } ? K : never;
}[keyof Table];

/** `paginate.<operation>(init)` for every operation whose spec declares x-pagination. */
export type PaginatorFacade<Ops, Table, O = CallOptions> = {
  [K in PaginatedNames<Table> & keyof Ops]: (
    ...args: InitArgs<Ops[K], O>
  ) => AsyncIterable<
    Table[K] extends { pagination: { style: "window" } }
      ? WindowRecord
      : Table[K] extends { pagination: { items: infer I extends string } }
        ? PageItem<CallResult<Ops[K]>, I>
        : unknown
  >;
};

/** One record of a window-paged history: which entry, when, and the value. */
export interface WindowRecord {
  key: string;
  timestamp: number;
  value: unknown;
}
