/**
 * Receiving Trusted Twin's webhook messages: `parseNotification(body)` types a notification by its
 * trigger, `confirmSubscription(message)` confirms a new subscription. Web-standard APIs only
 * (`atob`, `TextDecoder`, `URL`), so they run in Node, browsers, Deno, Bun and edge workers.
 *
 * There is deliberately no function that checks a message's `hash`: how Trusted Twin computes it
 * is not publicly documented (see the spec's NotificationHash), and a check built on a guess would
 * accept or refuse messages for the wrong reason.
 */
import { createCore, type CallOptions } from "@specforge/runtime";
import {
  servers,
  webhook_confirm_subscription,
  webhookBodies,
  type WebhookMessages,
} from "./generated/trustedtwin/operations.gen.js";
import type { Core } from "@specforge/runtime";
import { TrustedTwinError } from "./errors.js";

/** A notification message: one variant per `trigger` (switch on it to narrow `event`). */
export type NotificationMessage = WebhookMessages["notification"];
/** What caused a notification: `ledger.entry.added`, ..., `sticker.expired`. */
export type NotificationTrigger = NotificationMessage["trigger"];
/** The notification variant of one trigger, e.g. `NotificationOf<"ledger.entry.updated">`. */
export type NotificationOf<T extends NotificationTrigger> = Extract<NotificationMessage, { trigger: T }>;
/** The message Trusted Twin POSTs to a new subscription's callback URL. */
export type SubscriptionConfirmationMessage = WebhookMessages["subscription_confirmation"];

/** Every trigger the spec knows, in its order. */
export const NOTIFICATION_TRIGGERS = Object.keys(webhookBodies.notification.variants) as NotificationTrigger[];

/** A body that is not a notification message the spec describes; `problem` says what is wrong. */
export class NotificationParseError extends Error {
  override readonly name = "NotificationParseError";
  /** The field at fault (`trigger`, `event`, ...), or undefined when the body as a whole is. */
  readonly field: string | undefined;
  readonly problem: string;
  constructor(problem: string, field?: string) {
    super(`Not a Trusted Twin notification: ${field ? `\`${field}\` ` : ""}${problem}`);
    this.problem = problem;
    this.field = field;
  }
}

/** A token that does not hold an account the way Trusted Twin's tokens do. */
export class WebhookTokenError extends Error {
  override readonly name = "WebhookTokenError";
}

const describe = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

function toJson(body: unknown): unknown {
  let text: string;
  if (typeof body === "string") text = body;
  else if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body);
    } catch {
      throw new NotificationParseError("the body is not UTF-8 text");
    }
  } else return body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotificationParseError(`the body is not JSON (${(error as Error).message})`);
  }
}

/**
 * Checks a received notification and returns it typed by its trigger. `body` is the request body
 * as text, bytes, or already parsed JSON. Checked: that it is a JSON object, a known `trigger`,
 * every field the spec requires for that trigger, the constants (`type: Notification`), and that
 * `event` and `subscription` are objects. Fields the spec does not list are left as they are.
 * @throws {NotificationParseError} naming the field at fault
 */
export function parseNotification(body: unknown): NotificationMessage {
  const value = toJson(body);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new NotificationParseError(`the body must be a JSON object, got ${describe(value)}`);
  }
  const message = value as Record<string, unknown>;
  const { discriminator, variants } = webhookBodies.notification;
  const trigger = message[discriminator];
  if (trigger === undefined) throw new NotificationParseError("is missing", discriminator);
  if (typeof trigger !== "string" || !Object.hasOwn(variants, trigger)) {
    throw new NotificationParseError(
      `is ${JSON.stringify(trigger)}; expected one of ${NOTIFICATION_TRIGGERS.join(", ")}`,
      discriminator,
    );
  }
  const shape = variants[trigger as NotificationTrigger];
  for (const field of shape.required) {
    if (!(field in message)) throw new NotificationParseError(`is missing (required for ${trigger})`, field);
  }
  for (const [field, expected] of Object.entries(shape.constants)) {
    if (message[field] !== expected)
      throw new NotificationParseError(
        `is ${JSON.stringify(message[field])}; expected ${JSON.stringify(expected)}`,
        field,
      );
  }
  for (const field of ["event", "subscription"]) {
    const v = message[field];
    if (v === null || typeof v !== "object" || Array.isArray(v))
      throw new NotificationParseError(`must be an object, got ${describe(v)}`, field);
  }
  return message as NotificationMessage;
}

/** Whether a received body is a subscription confirmation (it carries `confirmation_url`) rather than a notification. */
export function isSubscriptionConfirmation(body: unknown): body is SubscriptionConfirmationMessage {
  return !!body && typeof body === "object" && typeof (body as Record<string, unknown>).confirmation_url === "string";
}

/**
 * The account a webhook token belongs to, as Trusted Twin's Python SDK reads it: the token is
 * standard base64 of UTF-8 text made of four parts joined by `___`, the second being the account.
 * @throws {WebhookTokenError} when the token is not of that form
 */
export function accountFromToken(token: string): string {
  let text: string;
  try {
    // A `+` in a query string may arrive as a space; base64 has no spaces.
    const bytes = Uint8Array.from(atob(token.replace(/ /g, "+")), (c) => c.charCodeAt(0));
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new WebhookTokenError("the webhook token is not base64 of UTF-8 text");
  }
  const parts = text.split("___");
  if (parts.length !== 4 || !parts[1])
    throw new WebhookTokenError(
      `the webhook token holds ${parts.length} part(s) separated by "___", expected 4 with the account second`,
    );
  return parts[1];
}

/** The `token` of a confirmation, refresh or unsubscribe URL. */
export function tokenOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookTokenError(`not a URL: ${JSON.stringify(url)}`);
  }
  const token = parsed.searchParams.get("token");
  if (!token) throw new WebhookTokenError(`the URL has no token query parameter: ${parsed.origin}${parsed.pathname}`);
  return token;
}

export interface ConfirmSubscriptionOptions extends CallOptions {
  /** A Trusted Twin core or client to call through (its base URL, fetch and settings). Its secret is not sent: confirming needs none. */
  client?: Core<CallOptions>;
  /** Without `client`: the API's base URL (defaults to the spec's server). */
  baseUrl?: string;
  /** Without `client`: the I/O underneath (defaults to the global fetch). */
  fetch?: typeof fetch;
}

/**
 * Confirms a subscription from its confirmation message (or its `confirmation_url`): calls
 * webhook_confirm_subscription with the URL's token and the account the token names, the way
 * Trusted Twin's SDK does. Needs no secret. Returns the confirmed subscription as the API answers.
 * @throws {WebhookTokenError} when the message holds no usable token
 * @throws {TrustedTwinError} when the API refuses (e.g. 404 for an unknown or expired token)
 */
export async function confirmSubscription(
  message: SubscriptionConfirmationMessage | string,
  options: ConfirmSubscriptionOptions = {},
) {
  const url = typeof message === "string" ? message : message?.confirmation_url;
  if (typeof url !== "string") throw new WebhookTokenError("the confirmation message has no confirmation_url");
  const token = tokenOf(url);
  const account = accountFromToken(token);
  const { client, baseUrl, fetch, ...call } = options;
  const core =
    client ??
    createCore({ baseUrl: baseUrl ?? servers[0].url, errorClass: TrustedTwinError, ...(fetch ? { fetch } : {}) });
  return webhook_confirm_subscription(core, { path: { account }, query: { token } }, call);
}
