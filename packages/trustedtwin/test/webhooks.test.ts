// The webhook helpers: parseNotification against every notification example the spec carries
// (and what it refuses), the token's account, and confirmSubscription through the real mock.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { recordingFetch } from "@specforge/mock/testing";
import {
  accountFromToken,
  confirmSubscription,
  createTrustedTwinClient,
  isSubscriptionConfirmation,
  NOTIFICATION_TRIGGERS,
  NotificationParseError,
  parseNotification,
  TrustedTwinError,
  WebhookTokenError,
  type NotificationMessage,
  type NotificationOf,
  type SubscriptionConfirmationMessage,
} from "../src/index.js";
import { bundle, createValidator, deref } from "./spec.js";

const baseUrl = inject("mockUrls").trustedtwin!;

type Json = any;
const webhookBody = (name: string): Json => bundle.webhooks[name].post.requestBody.content["application/json"];
const examplesOf = (name: string): [string, Json][] =>
  Object.entries<Json>(webhookBody(name).examples).map(([key, example]) => [key, deref(example).value]);
const notificationExamples = examplesOf("notification");
const confirmation = examplesOf("subscription_confirmation")[0]![1] as SubscriptionConfirmationMessage;
const discriminator = deref(webhookBody("notification").schema).discriminator;

describe("the spec's webhook messages", () => {
  it("has one notification example per trigger, each valid against the notification schema", () => {
    const validate = createValidator()("#/components/schemas/NotificationMessage");
    expect(notificationExamples.map(([, v]) => v.trigger).sort()).toEqual(Object.keys(discriminator.mapping).sort());
    for (const [name, value] of notificationExamples)
      expect(validate(value), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it("lists the triggers of the spec's discriminator mapping", () => {
    expect(NOTIFICATION_TRIGGERS).toEqual(Object.keys(discriminator.mapping));
  });
});

describe("parseNotification", () => {
  it.each(notificationExamples)("returns the %s example typed by its trigger (text, bytes or parsed)", (_, value) => {
    const text = JSON.stringify(value);
    for (const body of [text, new TextEncoder().encode(text), JSON.parse(text)]) {
      const message = parseNotification(body);
      expect(message).toEqual(value);
      expect(message.trigger).toBe(value.trigger);
    }
  });

  it("narrows event by trigger (compile-time)", () => {
    const message: NotificationMessage = parseNotification(notificationExamples[0]![1]);
    if (message.trigger === "ledger.entry.added") {
      expectTypeOf(message).toEqualTypeOf<NotificationOf<"ledger.entry.added">>();
      const change = Object.values(message.event)[0];
      expect(change?.old_value).toBeNull();
    } else if (message.trigger === "sticker.put") {
      expectTypeOf(message.event.color).toBeString();
      // @ts-expect-error a sticker event has no new_value
      void message.event.new_value;
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ["text that is not JSON", "{not json", /not JSON/],
    ["bytes that are not UTF-8", new Uint8Array([0xff, 0xfe, 0x7b]), /not UTF-8/],
    ["an array", "[]", /JSON object, got an array/],
    ["null", "null", /JSON object, got null/],
    ["no trigger", { type: "Notification" }, /`trigger` is missing/],
    [
      "an unknown trigger",
      { ...notificationExamples[0]![1], trigger: "twin.created" },
      /`trigger` is "twin.created"; expected one of ledger.entry.added/,
    ],
    [
      "a wrong type",
      { ...notificationExamples[0]![1], type: "Confirmation" },
      /`type` is "Confirmation"; expected "Notification"/,
    ],
    ["event not an object", { ...notificationExamples[0]![1], event: 3 }, /`event` must be an object, got number/],
  ];
  it.each(bad)("refuses %s with a NotificationParseError naming what is wrong", (_, body, message) => {
    let error: unknown;
    try {
      parseNotification(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotificationParseError);
    expect((error as Error).message).toMatch(message);
  });

  it("names each required field that is missing (the spec's required list, per trigger)", () => {
    for (const [, value] of notificationExamples) {
      const variant = deref({ $ref: discriminator.mapping[value.trigger] });
      for (const field of variant.required as string[]) {
        if (field === "trigger") continue;
        const { [field]: _, ...rest } = value;
        expect(() => parseNotification(rest), `${value.trigger} without ${field}`).toThrow(
          new RegExp(`\`${field}\` is missing`),
        );
        const error = (() => {
          try {
            parseNotification(rest);
          } catch (e) {
            return e as NotificationParseError;
          }
        })();
        expect(error?.field).toBe(field);
      }
    }
  });

  it("tells a confirmation from a notification", () => {
    expect(isSubscriptionConfirmation(confirmation)).toBe(true);
    expect(isSubscriptionConfirmation(notificationExamples[0]![1])).toBe(false);
    expect(() => parseNotification(confirmation)).toThrow(NotificationParseError);
  });
});

describe("the webhook token", () => {
  it("names the account the way Trusted Twin's SDK reads it (base64, four `___` parts, the second)", () => {
    const token = new URL(confirmation.confirmation_url).searchParams.get("token")!;
    expect(accountFromToken(token)).toBe(confirmation.account);
    const made = btoa(`x___2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a___topic___y`);
    expect(accountFromToken(made)).toBe("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a");
    // A `+` of the token read from an unescaped query string arrives as a space.
    const plus = btoa("~~~___acct___c___d");
    expect(plus).toContain("+");
    expect(accountFromToken(plus.replace(/\+/g, " "))).toBe("acct");
  });

  it.each([
    ["not base64", "%%%"],
    ["three parts", btoa("a___b___c")],
    ["an empty account", btoa("a______c___d")],
  ])("refuses a token that is %s", (_, token) => {
    expect(() => accountFromToken(token)).toThrow(WebhookTokenError);
  });
});

describe("confirmSubscription against the mock", () => {
  it("GETs /notifications/webhooks/{account}?token= with the token's account and no credentials", async () => {
    const wire = recordingFetch();
    const answer = await confirmSubscription(confirmation, { baseUrl, fetch: wire.fetch });
    expect(answer).toBeTypeOf("object");
    const request = wire.requests[0]!;
    const url = new URL(request.url);
    expect(request.method).toBe("GET");
    expect(url.pathname).toBe(`/notifications/webhooks/${confirmation.account}`);
    expect(url.searchParams.get("token")).toBe(new URL(confirmation.confirmation_url).searchParams.get("token"));
    expect(request.headers.get("authorization")).toBeNull();
  });

  it("calls through a client without sending its secret, and takes the URL alone", async () => {
    const wire = recordingFetch();
    const tt = createTrustedTwinClient({ secret: "s3cr3t-never-sent", baseUrl, fetch: wire.fetch });
    await confirmSubscription(confirmation.confirmation_url, { client: tt });
    expect(wire.requests[0]!.headers.get("authorization")).toBeNull();
  });

  it("throws a TrustedTwinError when the API refuses, and a WebhookTokenError without a token", async () => {
    await expect(
      confirmSubscription(confirmation, { baseUrl, headers: { Prefer: "code=404" } }),
    ).rejects.toBeInstanceOf(TrustedTwinError);
    await expect(
      confirmSubscription({ confirmation_url: "https://rest.trustedtwin.com/notifications/webhooks/x" }, { baseUrl }),
    ).rejects.toBeInstanceOf(WebhookTokenError);
  });
});
