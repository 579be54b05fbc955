import type { ValidateFunction } from "ajv/dist/2020.js";
export { setupMocks, teardownMocks } from "./index.js";

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
