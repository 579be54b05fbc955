/**
 * What the generator emits per operation: the facts the runtime reads (name, method, path, retry
 * and credential facts, paging). Types only, so every part of the call path can name them
 * without importing the functions that use them.
 */
import type { Pager, PaginationSpec } from "./paginate.js";
import type { Envelope } from "./response.js";
import type { ParamFormats, ParamFormatter } from "./params.js";

/** The facts of one operation the runtime reads. */
export interface OperationSpec {
  /** The operationId (or the action's name): named in errors and attempt events. */
  readonly name: string;
  readonly method: string;
  readonly path: string;
  /** Safe to retry without the caller's opt-in. */
  readonly idempotent: boolean;
  /** Sends the client's credentials (false for `security: []`). */
  readonly secured: boolean;
  /** The request body is form-encoded (else JSON). */
  readonly form?: boolean;
  /** The 2xx answer is a file: the call resolves to a Blob. */
  readonly blob?: boolean;
  /** How its pages are read (plain data: style, items path, parameter names). */
  readonly pagination?: PaginationSpec;
  /** The paginator of `pagination.style` (e.g. `cursorPages`): only the styles used are bundled. */
  readonly pages?: Pager;
  /** Parameters whose style, explode or allowReserved differ from their location's default. */
  readonly params?: ParamFormats;
  /**
   * Writes each parameter when one needs more than a single value in its location's default style
   * (`styleParams`, emitted by codegen); without it every parameter is one value (params.ts).
   */
  readonly serialize?: ParamFormatter;
  /** An RPC action: its name travels in the body's `field`; a 2xx `envelope` can still say it failed. */
  readonly rpc?: { readonly field: string; readonly envelope?: Envelope };
}

export type OperationFacts = Partial<
  Pick<OperationSpec, "idempotent" | "secured" | "form" | "blob" | "pagination" | "pages" | "params" | "serialize">
>;

/** The one wire operation an RPC API's actions travel through. */
export interface RpcEndpoint {
  readonly method: string;
  readonly path: string;
  /** The body field that names the action. */
  readonly field: string;
  readonly envelope?: Envelope;
}
