import type { ValidateFunction } from "ajv/dist/2020.js";
export { setupMocks, teardownMocks } from "../index.js";

/** A `fetch` that records every request as it leaves the client (after auth headers are set). */
export declare function recordingFetch(): { requests: Request[]; fetch: typeof fetch };

/** Ajv 2020 over a whole bundled spec; returns a cached validator per JSON pointer (`#/components/...`). */
export declare function bundleValidator(bundle: object, id?: string): (pointer: string) => ValidateFunction;

/** Resolves a local `$ref` (repeatedly) inside a bundled spec; throws when it points nowhere. */
export declare function derefIn(bundle: object, node: any): any;

/** One request a webhook receiver got. */
export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body (the raw text when it is not JSON). */
  body: any;
}

/** A local server (127.0.0.1, a free port) that receives what a mock's webhooks send. */
export interface WebhookReceiver {
  /** Give it as the subscription's callback URL. */
  readonly url: string;
  /** What the receiver answers each message with (default 200). */
  status: number;
  /** Every message received so far, in order. */
  readonly received: ReceivedWebhook[];
  /** The next message's full request; rejects after `timeoutMs` (default 5000). */
  nextMessage(timeoutMs?: number): Promise<ReceivedWebhook>;
  /** The next message's JSON body (the confirmation first, then notifications). Type it with the client's message types. */
  nextNotification<T = any>(timeoutMs?: number): Promise<T>;
  /** Resolves when no message arrives within `ms` (default 500); rejects naming the one that did. */
  expectNone(ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a webhook receiver: `const r = await startWebhookReceiver(); ... await r.nextNotification()`. */
export declare function startWebhookReceiver(options?: { status?: number }): Promise<WebhookReceiver>;

export interface SpecOperation {
  operationId: string;
  /** Upper case. */
  method: string;
  path: string;
  /** JSON pointer of the operation object in the bundle. */
  pointer: string;
  operation: any;
  /** Path-level and operation-level parameters, `$ref`s resolved (operation-level wins). */
  parameters: any[];
}
/** Every operation of a bundled spec, in document order. */
export declare function specOperations(bundle: object): SpecOperation[];

/** A client package's operation functions as the runtime sees them: operationId -> OperationSpec. */
export declare function operationTable<F extends Record<string, { operation: unknown }>>(
  functions: F,
): { [K in keyof F]: F[K]["operation"] };

export interface Hit {
  method: string;
  url: URL;
  headers: import("node:http").IncomingHttpHeaders;
  body: string;
  at: number;
}
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}
/** A local HTTP server on 127.0.0.1 (a free port) answering with `handler(hit, n)`; records every request. */
export declare function localServer(
  handler: (hit: Hit, n: number) => Answer | Promise<Answer>,
): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }>;
