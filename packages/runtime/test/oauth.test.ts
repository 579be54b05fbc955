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
    expect(await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])).toEqual([
      "tok-1",
      "tok-1",
      "tok-1",
    ]);
    expect(tokens.fetchCount).toBe(1);
    clock = 3_539_000;
    expect(await tokens.getToken()).toBe("tok-1");
    clock = 3_541_000; // within the 60 s margin
    expect(await tokens.getToken()).toBe("tok-2");
    expect(seen).toEqual(["tok-1", "tok-2"]);
  });

  it("a caller's signal ends its own wait for a token, not the fetch other callers share", async () => {
    let answer!: (value: { access_token: string }) => void;
    const tokens = clientCredentials({ requestToken: () => new Promise((resolve) => (answer = resolve)) });
    const controller = new AbortController();
    const abandoned = tokens.getToken(controller.signal);
    const patient = tokens.getToken();
    controller.abort(new Error("caller gave up"));
    await expect(abandoned).rejects.toThrow("caller gave up");
    answer({ access_token: "tok" });
    expect(await patient).toBe("tok");
    expect(tokens.fetchCount).toBe(1);
    await expect(tokens.getToken(AbortSignal.abort(new Error("already")))).resolves.toBe("tok"); // cached: nothing to wait for
  });

  it("does not refetch on every call when the token lives shorter than the margin", async () => {
    let clock = 0;
    let n = 0;
    const tokens = clientCredentials({
      requestToken: async () => ({ access_token: `t${++n}`, expires_in: 30 }),
      now: () => clock,
    });
    await tokens.getToken();
    clock = 10_000;
    expect(await tokens.getToken()).toBe("t1");
    clock = 16_000;
    expect(await tokens.getToken()).toBe("t2");
  });

  it("applies the header, refreshes on demand, rejects an answer without a token", async () => {
    let n = 0;
    const tokens = clientCredentials({
      requestToken: async () => ({ access_token: `t${++n}` }),
      header: { name: "Authorization", prefix: "" },
    });
    expect(await tokens.headers()).toEqual({ authorization: "t1" });
    // Once cached, the header comes synchronously (no promise on the hot path).
    expect(tokens.headers()).toEqual({ authorization: "t1" });
    await tokens.refresh!();
    expect(await tokens.headers()).toEqual({ authorization: "t2" });
    const broken = clientCredentials({ requestToken: async () => ({}) as never });
    await expect(broken.getToken()).rejects.toThrow("without access_token");
  });

  it("a 401 for a token already replaced keeps the new token (no second fetch)", async () => {
    let n = 0;
    const tokens = clientCredentials({ requestToken: async () => ({ access_token: `t${++n}` }) });
    const sentWithOld = await tokens.headers(); // "Bearer t1"
    await tokens.refresh!(undefined, sentWithOld); // the first 401 for t1: t2 is fetched
    expect(await tokens.getToken()).toBe("t2");
    await tokens.refresh!(undefined, sentWithOld); // a late 401, still for t1
    expect(await tokens.getToken()).toBe("t2");
    expect(tokens.fetchCount).toBe(2);
    const sentWithNew = await tokens.headers();
    await tokens.refresh!(undefined, sentWithNew); // a 401 for the current token renews it
    expect(await tokens.getToken()).toBe("t3");
  });

  it("staticHeaders gives its headers (lower-case names), the same object every time", () => {
    const auth = staticHeaders({ "X-Apikey": "pk", "X-SecretKey": "sk" });
    expect(auth.headers()).toEqual({ "x-apikey": "pk", "x-secretkey": "sk" });
    expect(auth.headers()).toBe(auth.headers());
  });

  it("reports each new token and the one no call sends any more, so redaction can forget it", async () => {
    let n = 0;
    const seen: [string, string | undefined][] = [];
    const tokens = clientCredentials({
      requestToken: async () => ({ access_token: `t${++n}` }),
      onToken: (token, unused) => seen.push([token, unused]),
    });
    await tokens.getToken();
    await tokens.refresh!();
    await tokens.refresh!();
    await tokens.refresh!();
    expect(seen).toEqual([
      ["t1", undefined],
      ["t2", undefined],
      ["t3", "t1"],
      ["t4", "t2"],
    ]);
  });
});
