// The Trusted Twin scenario, run unchanged in every runtime the ecosystem suite covers (Node ESM
// and require(), Chromium, Bun, Deno, workerd) and type-checked by every TypeScript consumer.
// It uses only the public API, the way the package README shows it, against the real mock.
import {
  accountFromToken,
  confirmSubscription,
  createTrustedTwin,
  createTrustedTwinClient,
  get_twin,
  NotFoundError,
  parseNotification,
  TrustedTwinError,
} from "@specforge/trustedtwin";
import spec from "@specforge/trustedtwin/openapi";
import type { MockUrls } from "./types.js";

const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";
// A real-length User Secret (64 characters): the redactor encodes every secret it holds.
const SECRET = "tts_0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1";

export async function trustedtwin(urls: MockUrls) {
  const pages: string[] = [];
  const tt = createTrustedTwinClient({
    secret: SECRET,
    baseUrl: urls.trustedtwin,
    onAttempt: (event) => {
      if (event.operation === "scan_twins") pages.push(String(event.status));
    },
  });
  const me = await tt.who_am_i();
  const twin = await tt.get_twin({ path: { twin: TWIN }, query: { show_terminated: false } });

  // The standalone, tree-shakeable form: a core plus one imported operation.
  const core = createTrustedTwin({ secret: SECRET, baseUrl: urls.trustedtwin });
  const same = await get_twin(core, { path: { twin: TWIN } });

  const scanned: string[] = [];
  // Items are twin UUIDs (or detail objects when `details` is asked for).
  for await (const twin of tt.paginate.scan_twins({ query: { count: 2 } }))
    scanned.push(typeof twin === "string" ? twin : JSON.stringify(twin));
  const scanPages = [...pages];

  let error: Record<string, unknown> = { thrown: false };
  try {
    await tt.get_twin({ path: { twin: TWIN } }, { headers: { Prefer: "code=404" } }); // the mock's 404
  } catch (caught) {
    error = {
      thrown: true,
      isTrustedTwinError: caught instanceof TrustedTwinError,
      isNotFoundError: caught instanceof NotFoundError,
      status: caught instanceof TrustedTwinError ? caught.status : undefined,
      subcode: caught instanceof TrustedTwinError ? caught.subcode : undefined,
      hasDescription: caught instanceof TrustedTwinError && typeof caught.description === "string",
      hasTrace: caught instanceof TrustedTwinError && typeof caught.trace === "string",
      leaksSecret: caught instanceof Error && JSON.stringify({ m: caught.message, e: caught }).includes(SECRET),
    };
  }
  // Receiving webhooks (web-standard APIs only): a notification typed by its trigger, a body that is
  // not one, and a confirmation's token read the SDK's way and sent to the mock.
  const ACCOUNT = "8d0b2c4e-1f3a-4b5c-9d7e-6f8a0b1c2d3e";
  const notification = parseNotification(
    JSON.stringify({
      type: "Notification",
      trigger: "ledger.entry.updated",
      message: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      twin: TWIN,
      event: { temp_c: { new_value: 32, old_value: 31.5, changed_ts: 1663753760.123 } },
      sent_ts: 1663753760.456,
      subscription: {
        refresh_url: "https://rest.trustedtwin.com/r",
        unsubscribe_url: "https://rest.trustedtwin.com/u",
      },
    }),
  );
  let parseError = "";
  try {
    parseNotification(new TextEncoder().encode('{"trigger":"twin.created"}'));
  } catch (caught) {
    parseError = caught instanceof Error ? caught.name : "?";
  }
  // A token the mock never issued: the stateful mock answers its confirmation 404 (a real one
  // arrives at a callback, which a browser or worker cell cannot host).
  const token = btoa(`n___${ACCOUNT}___temp-alerts___c`);
  const confirmStatus = await confirmSubscription(
    {
      confirmation_url: `https://rest.trustedtwin.com/notifications/webhooks/${ACCOUNT}?token=${encodeURIComponent(token)}`,
    },
    { baseUrl: urls.trustedtwin },
  ).then(
    () => 200,
    (caught: unknown) => (caught instanceof TrustedTwinError ? caught.status : -1),
  );
  const webhooks = {
    trigger: notification.trigger,
    oldValue: notification.trigger === "ledger.entry.updated" ? notification.event.temp_c?.old_value : undefined,
    parseError,
    account: accountFromToken(token),
    confirmStatus,
  };

  return {
    spec: spec.info.title,
    webhooks,
    account: me.account,
    twin: { uuid: twin.creation_certificate.uuid, status: twin.status, standalone: same.status },
    scanned: scanned.length,
    firstTwin: scanned[0],
    pages: scanPages,
    error,
  };
}
