import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor, type SpecforgeError } from "../src/index.js";
import { caught, scripted, createCaller } from "./helpers.js";

const SECRET = 's3cr3t/Key+with=odd&chars <x> "q"';

describe("Redactor", () => {
  it("replaces every occurrence, longest secret first", () => {
    const r = new Redactor(["abcd", "abcdefgh", undefined]);
    expect(r.redact("x abcdefgh y abcd z")).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it("ignores values too short to be secrets", () => {
    const r = new Redactor(["abc", ""]);
    expect(r.size).toBe(0);
    expect(r.redact("abc")).toBe("abc");
  });

  it("redacts the encoded forms a server may echo: URL, form, JSON, HTML, base64", () => {
    const r = new Redactor([SECRET]);
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      new URLSearchParams({ k: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1),
      SECRET.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
      Buffer.from(SECRET).toString("base64"),
      Buffer.from(SECRET).toString("base64url"),
    ];
    for (const form of forms) expect(r.redact(`before ${form} after`), form).toBe(`before ${REDACTED} after`);
  });

  it("blanks credential fields in parsed bodies and in text, even for unregistered values", () => {
    const r = new Redactor();
    expect(
      r.redactValue({ access_token: "tok-1", nested: [{ "X-SecretKey": "k" }], Password: 5, ok: "kept", token: null }),
    ).toEqual({
      access_token: REDACTED,
      nested: [{ "X-SecretKey": REDACTED }],
      Password: REDACTED,
      ok: "kept",
      token: null,
    });
    expect(r.redact('{"access_token": "tok-1", "other": "x"}')).toBe(`{"access_token": "${REDACTED}", "other": "x"}`);
    expect(r.redact("grant_type=client_credentials&client_secret=abc&x=1")).toBe(
      `grant_type=client_credentials&client_secret=${REDACTED}&x=1`,
    );
  });

  it("redacts keys and values deeply without touching the original", () => {
    const r = new Redactor(["hunter22"]);
    const body = { "key-hunter22": ["a hunter22 b", { deep: "hunter22" }], n: 1, b: true };
    expect(r.redactValue(body)).toEqual({
      [`key-${REDACTED}`]: [`a ${REDACTED} b`, { deep: REDACTED }],
      n: 1,
      b: true,
    });
    expect(body.n).toBe(1);
    expect(body["key-hunter22"][0]).toBe("a hunter22 b");
  });

  it("keeps its secrets out of JSON and inspect", () => {
    const r = new Redactor(["hunter22"]);
    expect(JSON.stringify({ r })).not.toContain("hunter22");
    expect(inspect(r, { depth: 10, showHidden: true })).not.toContain("hunter22");
  });

  it("keeps secrets out of errors built from echoing responses, even cut ones", async () => {
    const long = "x".repeat(1990) + SECRET; // the 2000-character cut falls inside the secret
    const cases: [string, Response][] = [
      [
        "json body",
        new Response(JSON.stringify({ description: `bad ${SECRET}` }), {
          status: 400,
          headers: { "content-type": "application/json" },
        }),
      ],
      [
        "request id header",
        new Response("{}", { status: 500, headers: { "content-type": "application/json", "x-request-id": SECRET } }),
      ],
      ["status text", new Response("", { status: 500, statusText: `oops ${encodeURIComponent(SECRET)}` })],
      ["long text", new Response(long, { status: 502, headers: { "content-type": "text/plain" } })],
      [
        "html title",
        new Response(`<html><title>Error ${SECRET.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</title></html>`, {
          status: 503,
          headers: { "content-type": "text/html" },
        }),
      ],
      [
        "raw html title",
        new Response(`<html><title>Error ${SECRET}</title></html>`, {
          status: 503,
          headers: { "content-type": "text/html" },
        }),
      ],
      [
        "malformed json 200",
        new Response(`{"a": ${SECRET}`, { status: 200, headers: { "content-type": "application/json" } }),
      ],
      ["text 200", new Response(`token ${SECRET}`, { status: 200, headers: { "content-type": "text/plain" } })],
    ];
    for (const [name, response] of cases) {
      const wire = scripted([response]);
      const caller = createCaller({ baseUrl: "http://api.test", fetch: wire.fetch, secrets: [SECRET], maxRetries: 0 });
      const error = (await caught(
        caller.call("get_thing", { method: "GET", path: "/t", idempotent: true }, undefined),
      )) as SpecforgeError;
      const views = [
        error.message,
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        String(error),
        error.stack ?? "",
      ];
      for (const view of views) {
        expect(view, name).not.toContain(SECRET);
        // No 12-character piece of the secret survives either.
        for (let i = 0; i + 12 <= SECRET.length; i++)
          expect(view, `${name}: ${SECRET.slice(i, i + 12)}`).not.toContain(SECRET.slice(i, i + 12));
      }
    }
  });
});
