// The middletwin scenario, run unchanged in every runtime the ecosystem suite covers and
// type-checked by every TypeScript consumer. Public API only, against the real mock.
import { createMiddletwin, createMiddletwinClient, MiddletwinError } from "@specforge/middletwin";
import spec from "@specforge/middletwin/openapi";
import { action } from "@specforge/runtime";
import type { MockUrls } from "./types.js";

// Real-length keys (the browser failure of client v1 only showed with keys of 4+ characters).
const PUBLIC_KEY = "pk_live_7f3a9c2e5b1d4f8a6c0e2b4d";
const SECRET_KEY = "sk_live_1b9d7f5a3c8e0a2c4e6b8d0f2a4c6e8b";

// An action this client's spec does not know (as if the server were newer): the mock answers it
// the way middletwin does, HTTP 200 with `{"success": false, "errorMessage": "Unknown action: ..."}`.
const no_such_action = action<{ request: Record<string, never>; response: unknown }, "action">(
  { method: "POST", path: "/dart/core", field: "action", envelope: { success: "success", message: "errorMessage" } },
  "no_such_action",
  { idempotent: true, secured: true },
);

export async function middletwin(urls: MockUrls) {
  const pages: string[] = [];
  const mt = createMiddletwinClient({
    publicKey: PUBLIC_KEY,
    secretKey: SECRET_KEY,
    baseUrl: urls.middletwin,
    onAttempt: (event) => {
      if (event.operation === "get_all_members") pages.push(String(event.status));
    },
  });
  const { tenant } = await mt.call("get_tenant", { subdomain: "demo" });
  const page = await mt.get_all_members({ limit: 25, offset: 0 });
  pages.length = 0;

  const members: string[] = [];
  for await (const member of mt.paginate.get_all_members({ limit: 2 })) members.push(member.lname ?? "");
  const memberPages = [...pages];

  let error: Record<string, unknown> = { thrown: false };
  try {
    await no_such_action(
      createMiddletwin({ publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, baseUrl: urls.middletwin }),
      {},
    );
  } catch (caught) {
    error = {
      thrown: true,
      isMiddletwinError: caught instanceof MiddletwinError,
      kind: caught instanceof MiddletwinError ? caught.kind : undefined,
      status: caught instanceof MiddletwinError ? caught.status : undefined,
      action: caught instanceof MiddletwinError ? caught.action : undefined,
      errorMessage: caught instanceof MiddletwinError ? caught.errorMessage : String(caught),
      leaksKey: caught instanceof Error && JSON.stringify({ m: caught.message, e: caught }).includes(SECRET_KEY),
    };
  }
  return {
    spec: spec.info.title,
    tenant: tenant.subdomain,
    firstPage: page.members.length,
    members,
    pages: memberPages,
    error,
  };
}
