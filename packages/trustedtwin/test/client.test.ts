import { describe, expect, inject, it } from "vitest";
import { recordingFetch as recorder } from "@specforge/mock/testing";
import { AuthenticationError, createTrustedTwinClient, NotFoundError, TrustedTwinError } from "../src/index.js";

const baseUrl = inject("mockUrls").trustedtwin!;
const SECRET = "Zx9/8+vQe3Lr1pAa0bCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijAB";

describe("trustedtwin client against the mock", () => {
  it("sends the raw secret in Authorization (no Bearer) and returns the parsed body", async () => {
    const wire = recorder();
    const tt = createTrustedTwinClient({ secret: SECRET, baseUrl, fetch: wire.fetch });
    const me = await tt.who_am_i();
    expect(me.account).toMatch(/^[0-9a-f-]{36}$/);
    expect(wire.requests[0]!.headers.get("authorization")).toBe(SECRET);
  });

  it("throws a TrustedTwinError with status, subcode, description and trace", async () => {
    const tt = createTrustedTwinClient({ secret: SECRET, baseUrl });
    const error = await tt
      .get_twin({ path: { twin: "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90" } }, { headers: { Prefer: "code=404" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustedTwinError);
    expect(error).toBeInstanceOf(NotFoundError);
    const e = error as TrustedTwinError;
    expect(e.status).toBe(404);
    expect(e.subcode).toBe(404653);
    expect(e.description).toBeTypeOf("string");
    expect(e.trace).toBeTypeOf("string");
    expect(e.operation).toBe("get_twin");
  });

  it("is refused by the mock without credentials (401)", async () => {
    const response = await fetch(`${baseUrl}/whoami`);
    expect(response.status).toBe(401);
    const tt = createTrustedTwinClient({
      secret: SECRET,
      baseUrl,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        request.headers.delete("authorization");
        return fetch(request);
      },
    });
    await expect(tt.who_am_i()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
