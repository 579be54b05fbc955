/** Type helpers mapping openapi-typescript's `operations` to the facade's call signatures. */
import type {
  IsOperationRequestBodyOptional,
  OperationRequestBodyContent,
  RequiredKeysOf,
  SuccessResponse,
  ResponseObjectMap,
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

/** What a call resolves to: the 2xx JSON body. */
export type CallResult<Op> = Op extends { responses: object }
  ? SuccessResponse<ResponseObjectMap<Op> & Record<string | number, any>, "application/json">
  : never;

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
