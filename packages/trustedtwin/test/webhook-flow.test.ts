// The whole notification flow against the real, stateful mock, through the client: subscribe,
// receive the confirmation, confirm, change a ledger entry, receive a typed notification,
// unsubscribe, receive nothing more. Every message the mock sends is validated against the spec's
// webhook schemas. This file starts its own mock (its own store), as test/stateful.test.ts does.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "@specforge/mock";
import { startWebhookReceiver, type WebhookReceiver } from "@specforge/mock/testing";
import {
  accountFromToken,
  confirmSubscription,
  createTrustedTwinClient,
  isSubscriptionConfirmation,
  parseNotification,
  TrustedTwinError,
  type NotificationMessage,
  type SubscriptionConfirmationMessage,
  type TrustedTwinClient,
} from "../src/index.js";
import { bundle, createValidator } from "./spec.js";

let mock: RunningMock;
let TWIN: string;
const LEDGER = "personal";

// The schema of each webhook's body, from the spec.
const validator = createValidator();
const schemaOf = (webhook: string) =>
  bundle.webhooks[webhook].post.requestBody.content["application/json"].schema.$ref as string;
function expectValid(webhook: string, message: unknown) {
  const validate = validator(schemaOf(webhook));
  expect(validate(message), `${webhook}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(message)}`).toBe(true);
}

/** A port that was free a moment ago and has no listener now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let tt: TrustedTwinClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
  mock = await startMock({ api: "trustedtwin", port: 0 });
  tt = createTrustedTwinClient({
    secret: "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB",
    baseUrl: mock.url,
    maxRetries: 0,
  });
  receiver = await startWebhookReceiver();
  TWIN = (await tt.create_twin({ body: {} })).creation_certificate.uuid;
});
afterAll(async () => {
  await receiver?.close();
  await mock?.stop();
});

/** Subscribes the receiver to `topic` and returns the confirmation the mock sent. */
async function subscribe(topic: string, expires?: number): Promise<SubscriptionConfirmationMessage> {
  await tt.webhook_subscribe({ body: { callback_url: receiver.url, topic, ...(expires ? { expires } : {}) } });
  const body = await receiver.nextNotification();
  expectValid("subscription_confirmation", body);
  expect(isSubscriptionConfirmation(body)).toBe(true);
  return body as SubscriptionConfirmationMessage;
}

const addEntry = (key: string, value: unknown, topic: string) =>
  tt.add_twin_ledger_entry({
    path: { twin: TWIN, ledger: LEDGER },
    body: { entries: { [key]: { value, publish: { "value > 30": topic } } } },
  });

describe("webhooks delivered by the mock", () => {
  it("subscribe, confirm, change a ledger entry, receive it typed, unsubscribe, receive nothing more", async () => {
    const confirmation = await subscribe("temp-alerts");
    expect(confirmation.topic).toBe("temp-alerts");

    // Nothing arrives before the subscription is confirmed: the first message after it is temp_c's, not
    // early_c's (which, if sent at all, was sent before). An order, not a quiet window a busy machine stretches.
    await addEntry("early_c", 31.5, "temp-alerts");

    await confirmSubscription(confirmation, { client: tt });

    await addEntry("temp_c", 31.5, "temp-alerts");
    const raw = await receiver.nextNotification();
    expectValid("notification", raw);
    const added: NotificationMessage = parseNotification(raw);
    if (added.trigger !== "ledger.entry.added") throw new Error(`expected ledger.entry.added, got ${added.trigger}`);
    expect(Object.keys(added.event)).toEqual(["temp_c"]);
    expect(added.twin).toBe(TWIN);
    expect(added.event.temp_c).toMatchObject({ new_value: 31.5, old_value: null });
    expect(added.hash).toBeUndefined(); // the mock cannot compute one (the algorithm is not public)

    // The entry keeps its publish rules: an update needs none to be notified, and says what changed.
    await tt.update_twin_ledger_entry({
      path: { twin: TWIN, ledger: LEDGER },
      body: { entries: { temp_c: { value: 33 } } },
    });
    const updated = parseNotification(await receiver.nextNotification());
    if (updated.trigger !== "ledger.entry.updated")
      throw new Error(`expected ledger.entry.updated, got ${updated.trigger}`);
    expect(updated.event.temp_c).toMatchObject({ new_value: 33, old_value: 31.5 });

    await tt.delete_twin_ledger_entry({ path: { twin: TWIN, ledger: LEDGER }, query: { entries: "temp_c" } });
    const deleted = parseNotification(await receiver.nextNotification());
    if (deleted.trigger !== "ledger.entry.deleted")
      throw new Error(`expected ledger.entry.deleted, got ${deleted.trigger}`);
    expect(deleted.event.temp_c).toMatchObject({ new_value: null, old_value: 33 });

    // A change that publishes to another topic is not sent: the next message is the one after it.
    await addEntry("humidity", 80, "humidity-alerts");
    await addEntry("pressure", 31, "temp-alerts");
    const next = parseNotification(await receiver.nextNotification());
    expect([next.trigger, Object.keys(next.event)]).toEqual(["ledger.entry.added", ["pressure"]]);

    // Unsubscribe with the URL the message carries (the account comes from its token).
    const token = new URL(added.subscription.unsubscribe_url).searchParams.get("token")!;
    await tt.webhook_unsubscribe({ path: { account: accountFromToken(token) }, query: { token } });
    await addEntry("temp_c", 35, "temp-alerts");
    // Nothing more: the next message the receiver gets is a new subscription's confirmation.
    expect((await subscribe("after-unsubscribe")).topic).toBe("after-unsubscribe");
  });

  it("sends sticker.put to a sticker's on_put topic", async () => {
    await confirmSubscription(await subscribe("inspection-due"), { client: tt });
    await tt.put_sticker({
      path: { twin: TWIN },
      body: {
        stickers: {
          red: {
            note: "Inspect the valve.",
            recipients: ["5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"],
            validity_ts: 1931536000,
            publish: { on_put: "inspection-due" },
          },
        },
      },
    });
    const raw = await receiver.nextNotification();
    expectValid("notification", raw);
    const message = parseNotification(raw);
    if (message.trigger !== "sticker.put") throw new Error(`expected sticker.put, got ${message.trigger}`);
    expect(message.event.color).toBe("red");
    const token = new URL(message.subscription.unsubscribe_url).searchParams.get("token")!;
    await tt.webhook_unsubscribe({ path: { account: accountFromToken(token) }, query: { token } });
  });

  it("sends nothing for an expired subscription, and refuses to confirm it (404)", async () => {
    const confirmation = await subscribe("short-lived", 2);
    await confirmSubscription(confirmation, { client: tt });
    await new Promise((r) => setTimeout(r, 2100));
    await addEntry("temp_c", 40, "short-lived");
    // Nothing for it: the next message the receiver gets is a new subscription's confirmation.
    expect((await subscribe("after-expiry")).topic).toBe("after-expiry");
    const error = await confirmSubscription(confirmation, { client: tt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustedTwinError);
    expect((error as TrustedTwinError).status).toBe(404);
  });

  it("answers 404 to a token it never issued, and keeps serving after an unreachable callback", async () => {
    const forged = btoa(`x___8d0b2c4e-1f3a-4b5c-9d7e-6f8a0b1c2d3e___t___y`);
    const error = await confirmSubscription(`${mock.url}/notifications/webhooks/x?token=${forged}`, {
      client: tt,
    }).catch((e: unknown) => e);
    expect((error as TrustedTwinError).status).toBe(404);

    // A port nobody listens on: the confirmation cannot be delivered.
    const closed = await closedPort();
    await tt.webhook_subscribe({ body: { callback_url: `http://127.0.0.1:${closed}/nobody`, topic: "nowhere" } });
    await new Promise((r) => setTimeout(r, 200));
    const me = await tt.who_am_i();
    expect(me).toBeTypeOf("object");
  });
});
