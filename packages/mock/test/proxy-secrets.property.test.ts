/**
 * Property: no credential that goes through the validating proxy appears in what it prints or in
 * its report (bodies kept whole, cut short or left out), in any encoding the redactor knows (raw,
 * URL, form, JSON string, HTML, base64, unpadded base64, base64url), whatever the upstream echoes
 * it back in: a field value that breaks the spec, an undeclared field, a key, an encoded value, an
 * error body sent with a 200, an HTML page, a credential-named field, a response header.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, resolveMockApis } from "../src/index.mjs";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=!*'()<>&\"%:;@$,[]{}^|#\\ ?";
const secretArb = fc
  .string({ unit: fc.constantFrom(...ALPHABET), minLength: 8, maxLength: 40 })
  .filter((s) => s.trim() === s && !"[redacted]".includes(s));

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const htmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
/** Every encoding of a secret the redactor knows (runtime/src/redact.ts), computed here independently. */
const encodings = (s: string) =>
  [
    s,
    encodeURIComponent(s),
    new URLSearchParams({ s }).toString().slice(2),
    JSON.stringify(s).slice(1, -1),
    htmlEscape(s),
    b64(s),
    b64(s).replace(/=+$/, ""),
    b64(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"),
  ].filter((form) => form.length >= 4);

const view = JSON.parse(fs.readFileSync(resolveMockApis(["trustedtwin"], { companions: false })[0].mockView, "utf8"));
const twin = Object.values<any>(
  view.paths["/twins/{twin}"].get.responses["200"].content["application/json"].examples,
)[0].value;

/** How the upstream echoes the secret it received. */
const ECHOES: Record<
  string,
  (s: string) => { status: number; type: string; body: string; headers?: Record<string, string> }
> = {
  "bad-value": (s) => ({ status: 200, type: "application/json", body: JSON.stringify({ ...twin, status: s }) }),
  "undeclared-field": (s) => ({ status: 200, type: "application/json", body: JSON.stringify({ ...twin, note: s }) }),
  key: (s) => ({ status: 200, type: "application/json", body: JSON.stringify({ ...twin, description: { [s]: 1 } }) }),
  "url-encoded": (s) => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({ ...twin, status: encodeURIComponent(s) }),
  }),
  base64: (s) => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({ ...twin, status: b64(s), extra: b64(s).replace(/=+$/, "") }),
  }),
  "error-with-200": (s) => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({
      subcode: 401000,
      trace: "0b7e1c8a-6f2d-4f5e-8a43-2d9c1e7b6a50",
      description: `Bad secret ${s}`,
    }),
  }),
  html: (s) => ({ status: 401, type: "text/html", body: `<p>Unknown secret ${htmlEscape(s)} (raw: ${s})</p>` }),
  "credential-field": (s) => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({ ...twin, description: { token: `x${s}y`, password: `p-${s}` } }),
  }),
  header: (s) => ({ status: 200, type: "application/json", body: JSON.stringify(twin), headers: { "x-echo": b64(s) } }),
  "long-body": (s) => ({
    status: 200,
    type: "application/json",
    body: JSON.stringify({ ...twin, description: { pad: "x".repeat(50), value: s, more: s } }),
  }),
};

let upstream: http.Server;
let upstreamUrl: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-proxy-secrets-"));

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const secret = String(req.headers.authorization ?? "");
    const echo = ECHOES[String(req.headers["x-echo-kind"])](secret);
    res.writeHead(echo.status, { "content-type": echo.type, ...(echo.headers ?? {}) });
    res.end(echo.body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the proxy's output and report never hold a credential (fast-check)", () => {
  it("in any encoding the redactor knows, whatever the upstream echoes", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.constantFrom(...Object.keys(ECHOES)),
        fc.constantFrom<false | number>(false, 24, 4096),
        async (secret, kind, bodies) => {
          const lines: string[] = [];
          const report = path.join(tmp, `report-${run++}.json`);
          const proxy = await startMock({
            api: "trustedtwin",
            upstream: upstreamUrl,
            port: 0,
            report,
            bodies: bodies !== false,
            bodyLimit: bodies || undefined,
            log: (l: string) => lines.push(l),
          });
          const res = await fetch(`${proxy.url}/twins/3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90`, {
            headers: { authorization: secret, "x-echo-kind": kind },
          });
          await res.arrayBuffer();
          await proxy.stop();
          const output = `${lines.join("\n")}\n${fs.readFileSync(report, "utf8")}`;
          expect(JSON.parse(fs.readFileSync(report, "utf8")).exchanges).toHaveLength(1);
          for (const form of encodings(secret))
            expect(output.includes(form), `${kind}: ${JSON.stringify(form)} in\n${output}`).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000); // each run starts a proxy (reads and compiles the spec): seconds on a loaded machine
});
