import { describe, expect, it } from "vitest";
import { clientCredentials, staticHeaders } from "../src/index.js";

describe("clientCredentials", () => {
  it("fetches once for concurrent callers and caches until shortly before expiry", async () => {
    let clock = 0;
    let n = 0;
    const seen: string[] = [];
    const tokens = clientCredentials({
      requestToken: async () => ({ access_token: `tok-${++n}`, expires_in: 3600 }),
      onToken: (t) => seen.push(t),
      now: () => clock,
    });
    expect(await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])).toEqual(["tok-1", "tok-1", "tok-1"]);
    expect(tokens.fetchCount).toBe(1);
    clock = 3_539_000;
    expect(await tokens.getToken()).toBe("tok-1");
    clock = 3_541_000; // within the 60 s margin
    expect(await tokens.getToken()).toBe("tok-2");
    expect(seen).toEqual(["tok-1", "tok-2"]);
  });

  it("does not refetch on every call when the token lives shorter than the margin", async () => {
    let clock = 0;
    let n = 0;
    const tokens = clientCredentials({ requestToken: async () => ({ access_token: `t${++n}`, expires_in: 30 }), now: () => clock });
    await tokens.getToken();
    clock = 10_000;
    expect(await tokens.getToken()).toBe("t1");
    clock = 16_000;
    expect(await tokens.getToken()).toBe("t2");
  });

  it("applies the header, refreshes on demand, rejects an answer without a token", async () => {
    let n = 0;
    const tokens = clientCredentials({ requestToken: async () => ({ access_token: `t${++n}` }), header: { name: "Authorization", prefix: "" } });
    const headers = new Headers();
    await tokens.apply(headers);
    expect(headers.get("authorization")).toBe("t1");
    await tokens.refresh!();
    await tokens.apply(headers);
    expect(headers.get("authorization")).toBe("t2");
    const broken = clientCredentials({ requestToken: async () => ({}) as never });
    await expect(broken.getToken()).rejects.toThrow("without access_token");
  });

  it("a 401 for a token already replaced keeps the new token (no second fetch)", async () => {
    let n = 0;
    const tokens = clientCredentials({ requestToken: async () => ({ access_token: `t${++n}` }) });
    const sentWithOld = new Headers();
    await tokens.apply(sentWithOld); // "Bearer t1"
    await tokens.refresh!(undefined, sentWithOld); // the first 401 for t1: t2 is fetched
    expect(await tokens.getToken()).toBe("t2");
    await tokens.refresh!(undefined, sentWithOld); // a late 401, still for t1
    expect(await tokens.getToken()).toBe("t2");
    expect(tokens.fetchCount).toBe(2);
    const sentWithNew = new Headers();
    await tokens.apply(sentWithNew);
    await tokens.refresh!(undefined, sentWithNew); // a 401 for the current token renews it
    expect(await tokens.getToken()).toBe("t3");
  });

  it("staticHeaders sets its headers", () => {
    const headers = new Headers();
    void staticHeaders({ "X-Apikey": "pk", "X-SecretKey": "sk" }).apply(headers);
    expect([headers.get("x-apikey"), headers.get("x-secretkey")]).toEqual(["pk", "sk"]);
  });
});
