// Every provider's mock, started as users start it (resolved from the installed client packages),
// answers each kind of bad input with the status and error body its spec's `x-mock.badInput` gives,
// with a message naming the problem, and keeps serving afterwards.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMocks, resolveMockApis } from "../src/index.mjs";
import fs from "node:fs";
import { providerApis } from "./apis.js";

const PROVIDERS = providerApis();

type Mock = { api: string; url: string; port: number };
let running: { mocks: Mock[]; stop(): Promise<void> };
const url = (api: string) => running.mocks.find((m) => m.api === api)!.url;

/** A raw request (node:http, so no header is added for us), answered as { status, headers, body }. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: string | Buffer,
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const target = new URL(path, base);
    if (body !== undefined) headers = { "content-length": Buffer.byteLength(body), ...headers };
    const req = http.request(
      { host: target.hostname, port: target.port, method, path: target.pathname + target.search, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode!, headers: res.headers, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const JSON_CT = { "content-type": "application/json" };
const TT_AUTH = { authorization: "a".repeat(64) };
const spec = (api: string) => {
  const [entry] = resolveMockApis([api], { companions: false });
  return JSON.parse(fs.readFileSync(entry.mockView, "utf8"))["x-mock"].badInput;
};

beforeAll(async () => {
  running = await startMocks({ apis: PROVIDERS, ports: 0 });
}, 120_000);
afterAll(() => running?.stop());

describe.each(PROVIDERS)("%s mock: an unknown path", (api) => {
  it("answers with the status and error body its spec's x-mock.badInput gives, naming the path", async () => {
    const rules = spec(api) ?? {};
    const answer = await send(url(api), "GET", "/no-such-path-here", { accept: "application/json" });
    expect(answer.status).toBe(rules.unknownPath?.status ?? 404);
    const shape = rules.unknownPath?.body ?? rules.body ?? { error: "{message}" };
    expect(Object.keys(answer.body).sort()).toEqual(Object.keys(shape).sort());
    expect(JSON.stringify(answer.body)).toContain("/no-such-path-here");
  });
});

describe("middletwin mock: bad input", () => {
  const base = () => url("middletwin");
  const post = (body: string | Buffer, headers: Record<string, string | number> = JSON_CT) =>
    send(base(), "POST", "/dart/core", headers, body);
  const rules = () => spec("middletwin");

  it("a body that is not JSON: says the body is not valid JSON", async () => {
    for (const body of ['{"action":', "garbage"]) {
      const res = await post(body);
      expect(res.status).toBe(rules().notJson.status);
      expect(res.body).toEqual({
        success: false,
        errorMessage: expect.stringMatching(/^Request body is not valid JSON \(/),
      });
    }
    expect((await post("")).body.errorMessage).toBe("Request body is empty; send a JSON object (application/json)");
  });

  it("a body of the wrong JSON type: names the type", async () => {
    for (const [body, word] of [
      ["[]", "an array"],
      ["null", "null"],
      ['"x"', "a string"],
      ["7", "a number"],
    ]) {
      const res = await post(body);
      expect(res.status).toBe(rules().wrongType.status);
      expect(res.body).toEqual({ success: false, errorMessage: `Request body must be a JSON object, not ${word}` });
    }
  });

  it("a missing or unknown action: names it, in the envelope", async () => {
    expect(await post("{}")).toMatchObject({
      status: rules().missingDiscriminator.status,
      body: { success: false, errorMessage: 'Request body has no "action" field; name the operation in it' },
    });
    expect((await post('{"action":3}')).body.errorMessage).toBe('"action" must be a string, not a number');
    expect(await post('{"action":"no_such_action"}')).toMatchObject({
      status: 200,
      body: { success: false, errorMessage: "Unknown action: no_such_action" },
    });
  });

  it("a missing or wrong content type", async () => {
    const body = JSON.stringify({ action: "get_tenant", subdomain: "demo" });
    const missing = await post(body, {});
    expect(missing.status).toBe(rules().contentType.status);
    expect(missing.body.errorMessage).toBe("Content-Type header is missing; send the body as application/json");
    expect((await post(body, { "content-type": "text/plain" })).body.errorMessage).toBe(
      "Content-Type text/plain is not accepted here; send the body as application/json",
    );
  });

  it("an oversized body: the documented limit, in the envelope", async () => {
    const res = await post(JSON.stringify({ action: "get_tenant", subdomain: "x".repeat(rules().maxBodyBytes) }));
    expect(res.status).toBe(413);
    expect(res.body.errorMessage).toMatch(
      new RegExp(`^Request body is larger than the ${rules().maxBodyBytes}-byte limit`),
    );
  });

  it("a wrong method or path", async () => {
    const get = await send(base(), "GET", "/dart/core");
    expect(get).toMatchObject({
      status: 405,
      headers: { allow: "POST" },
      body: { success: false, errorMessage: "Method GET is not allowed on /dart/core; use POST" },
    });
    expect(await send(base(), "POST", "/dart/other", JSON_CT, "{}")).toMatchObject({
      status: 404,
      body: { success: false, errorMessage: "No operation at /dart/other (unknown path)" },
    });
  });

  it("still answers a good call after all that", async () => {
    const res = await post(JSON.stringify({ action: "get_tenant", subdomain: "demo" }));
    expect(res).toMatchObject({ status: 200, body: { success: true } });
  });
});

describe("Trusted Twin mock: bad input", () => {
  const base = () => url("trustedtwin");
  const rules = () => spec("trustedtwin");
  const error = (status: number, subcode: number, description: string | RegExp) => ({
    status,
    body: {
      subcode,
      trace: expect.any(String),
      description: typeof description === "string" ? description : expect.stringMatching(description),
    },
  });

  it("answers each case with the documented error body and a message naming the problem", async () => {
    const post = (body: string, headers: Record<string, string> = { ...JSON_CT, ...TT_AUTH }) =>
      send(base(), "POST", "/twins", headers, body);
    expect(await post('{"description":')).toMatchObject(error(400, 400415, /^Request body is not valid JSON/));
    expect(await post("[]")).toMatchObject(error(400, 400415, "Request body must be a JSON object, not an array"));
    expect(await post("null")).toMatchObject(error(400, 400415, "Request body must be a JSON object, not null"));
    expect(await post("{}", TT_AUTH)).toMatchObject(
      error(400, 400415, "Content-Type header is missing; send the body as application/json"),
    );
    expect(await post("{}", { ...TT_AUTH, "content-type": "text/csv" })).toMatchObject(
      error(400, 400415, /^Content-Type text\/csv is not accepted/),
    );
    const big = JSON.stringify({ description: { note: "x".repeat(rules().maxBodyBytes) } });
    expect(rules().maxBodyBytes).toBe(65536);
    expect(await post(big)).toMatchObject(error(400, 400141, /^Request body is larger than the 65536-byte limit/));
    expect(await send(base(), "PUT", "/twins", TT_AUTH)).toMatchObject({
      ...error(405, 405000, "Method PUT is not allowed on /twins; use GET or POST"),
      headers: { allow: "GET, POST" },
    });
    expect(await send(base(), "GET", "/no/such/path", TT_AUTH)).toMatchObject(
      error(404, 404653, "No operation at /no/such/path (unknown path)"),
    );
    expect((await send(base(), "GET", "/whoami", TT_AUTH)).status).toBe(200);
  });
});

describe("Midaxo mocks: bad input", () => {
  it("the API answers a wrong method or path with {message}", async () => {
    const auth = { authorization: "eyJraw" };
    expect(await send(url("midaxo"), "DELETE", "/processes", auth)).toMatchObject({
      status: 405,
      body: { message: "Method DELETE is not allowed on /processes; use GET" },
    });
    expect(await send(url("midaxo"), "GET", "/nothing", auth)).toMatchObject({
      status: 404,
      body: { message: "No operation at /nothing (unknown path)" },
    });
    expect(
      (await send(url("midaxo"), "GET", "/processes", auth, Buffer.alloc(spec("midaxo").maxBodyBytes + 1, 32))).status,
    ).toBe(413);
  });

  it("the token endpoint came up with the API and answers bad input as OAuth errors", async () => {
    const token = url("midaxo-oauth");
    expect(await send(token, "POST", "/oauth/token", JSON_CT, "{}")).toMatchObject({
      status: 400,
      body: {
        error: "invalid_request",
        error_description:
          "Content-Type application/json is not accepted here; send the body as application/x-www-form-urlencoded",
      },
    });
    expect(await send(token, "POST", "/oauth/token", {}, "grant_type=client_credentials")).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
    expect(await send(token, "GET", "/oauth/token")).toMatchObject({
      status: 405,
      body: { error: "method_not_allowed" },
    });
    const ok = await send(
      token,
      "POST",
      "/oauth/token",
      { "content-type": "application/x-www-form-urlencoded" },
      "grant_type=client_credentials&client_id=a&client_secret=b&audience=c",
    );
    expect(ok.status).toBe(200);
  });
});

describe("robustness", () => {
  it("survives clients that hang up mid-body, huge bodies and garbage on the socket", async () => {
    const base = new URL(url("middletwin"));
    // A client declaring a big body that sends part of it and disconnects.
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: base.hostname,
        port: base.port,
        method: "POST",
        path: "/dart/core",
        headers: { ...JSON_CT, "content-length": 10_000 },
      });
      req.on("error", () => resolve());
      req.write('{"action":"get_');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    // Not HTTP at all.
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(base.port), base.hostname, () => socket.end("\x00\x01 not http\r\n\r\n"));
      socket.on("data", () => {});
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    // A body far over the limit, streamed: answered, not reset.
    const huge = await send(base.origin, "POST", "/dart/core", JSON_CT, Buffer.alloc(8 * 1024 * 1024, 32));
    expect(huge.status).toBe(413);
    const res = await send(
      base.origin,
      "POST",
      "/dart/core",
      JSON_CT,
      JSON.stringify({ action: "get_tenant", subdomain: "demo" }),
    );
    expect(res.status).toBe(200);
  });
});

describe("answers a browser on another origin can read", () => {
  it("the router's own answers (an unknown action, bad input) carry the CORS headers Prism's answers carry", async () => {
    const origin = { origin: "http://127.0.0.1:5173" };
    const unknown = await send(
      url("middletwin"),
      "POST",
      "/dart/core",
      { ...JSON_CT, ...origin },
      JSON.stringify({ action: "no_such_action" }),
    );
    expect(unknown.headers["access-control-allow-origin"]).toBe(origin.origin);
    const notJson = await send(url("middletwin"), "POST", "/dart/core", { ...JSON_CT, ...origin }, "{");
    expect(notJson.headers["access-control-allow-origin"]).toBe(origin.origin);
    const proxied = await send(
      url("middletwin"),
      "POST",
      "/dart/core",
      { ...JSON_CT, ...origin },
      JSON.stringify({ action: "get_tenant", subdomain: "demo" }),
    );
    expect(proxied.status).toBe(200);
    expect(proxied.headers["access-control-allow-origin"]).toBeTruthy();
  });
});
