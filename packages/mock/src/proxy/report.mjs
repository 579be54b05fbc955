// The validating proxy's report: what it saw and what contradicted the spec, safe to attach to a
// public issue. Every text passes through the client runtime's Redactor (the credentials that went
// through the proxy, in every encoding it knows, and credential-named fields); bodies are
// truncated (`bodyLimit`) or left out (`bodies: false`). `checkReport` replays a report against
// the spec, without credentials. Knows no provider.
import fs from "node:fs/promises";
import path from "node:path";
import { createValidator, violationLine } from "./validate.mjs";

export const REPORT_FORMAT = "specforge-proxy-report/1";
export const DEFAULT_BODY_LIMIT = 4096;

/** Header names whose values are credentials whatever the spec says (besides its own schemes). */
const CREDENTIAL_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "x-api-key",
  "x-apikey",
  "x-secretkey",
  "x-secret-key",
  "x-auth-token",
];

/** The header (and query parameter) names a view's security schemes send credentials in. */
export function credentialNames(view) {
  const headers = new Set(CREDENTIAL_HEADERS);
  const query = new Set();
  for (const scheme of Object.values(view.components?.securitySchemes ?? {})) {
    if (scheme?.type === "apiKey" && scheme.in === "header") headers.add(scheme.name.toLowerCase());
    else if (scheme?.type === "apiKey" && scheme.in === "query") query.add(scheme.name);
    else headers.add("authorization");
  }
  return { headers, query };
}

/**
 * Registers every credential a request carries with `redactor`: the whole header value, the
 * token after its scheme word (`Bearer x`), and the parts of a Basic pair.
 */
export function registerCredentials(redactor, names, headers, searchParams) {
  for (const name of names.headers) {
    const value = headers[name];
    if (typeof value !== "string" || !value) continue;
    redactor.add(value);
    const m = /^(\w+)\s+(.+)$/.exec(value.trim());
    if (m) {
      redactor.add(m[2]);
      if (m[1].toLowerCase() === "basic") {
        try {
          const pair = Buffer.from(m[2], "base64").toString("utf8");
          redactor.add(pair);
          for (const part of pair.split(":")) redactor.add(part);
        } catch {}
      }
    }
    if (name === "cookie") for (const c of value.split(";")) redactor.add(c.split("=").slice(1).join("=").trim());
  }
  for (const name of names.query) for (const v of searchParams?.getAll(name) ?? []) redactor.add(v);
}

/** A body as the report keeps it: redacted text, cut at `limit` characters. */
function reportBody(redactor, buffer, limit) {
  if (buffer === undefined) return undefined;
  const text = redactor.redact(buffer.toString("utf8"));
  return text.length > limit
    ? { text: text.slice(0, limit), truncated: true, bytes: buffer.length }
    : { text, bytes: buffer.length };
}

/**
 * Builds the report from the proxy's exchanges.
 * @param {{ api: string, packageName?: string, specVersion?: string, upstream: string, exchanges: object[], redactor: import("@specforge/runtime").Redactor, bodies?: boolean, bodyLimit?: number, startedAt: string }} o
 */
export function buildReport(o) {
  const { redactor, bodies = true, bodyLimit = DEFAULT_BODY_LIMIT } = o;
  const exchanges = o.exchanges.map((x) => ({
    operation: x.operation,
    method: x.method,
    url: redactor.redact(x.url),
    status: x.status,
    ...(x.error ? { error: x.error } : {}),
    requestContentType: x.requestHeaders["content-type"],
    responseContentType: x.responseHeaders?.["content-type"],
    ...(bodies
      ? {
          requestBody: reportBody(redactor, x.requestBody, bodyLimit),
          responseBody: reportBody(redactor, x.responseBody, bodyLimit),
        }
      : {}),
    violations: x.violations,
  }));
  const violating = exchanges.filter((x) => x.violations.length);
  const failed = exchanges.filter((x) => x.error && !x.violations.length).length;
  const report = {
    format: REPORT_FORMAT,
    api: o.api,
    package: o.packageName,
    specVersion: o.specVersion,
    upstream: o.upstream,
    startedAt: o.startedAt,
    finishedAt: new Date().toISOString(),
    bodies: bodies ? { limit: bodyLimit } : false,
    summary: {
      exchanges: exchanges.length,
      conforming: exchanges.length - violating.length - failed,
      violating: violating.length,
      failed,
      violations: violating.reduce((n, x) => n + x.violations.length, 0),
    },
    exchanges,
  };
  return redactor.redactValue(report);
}

/**
 * The report as text. Redaction happened string by string (buildReport's redactValue); a pass over
 * the serialized text would not be safe: the redactor's `name=value` rule would eat a JSON escape.
 */
export function reportText(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Writes a report atomically (temp file + rename). */
export async function writeReport(file, text) {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}

function asBuffer(body) {
  if (!body || body.truncated) return undefined;
  return Buffer.from(body.text, "utf8");
}

/**
 * Replays a report against a spec: each exchange is checked again (bodies the report kept whole
 * are checked in full; truncated or left-out bodies only as far as status, content type and
 * headers go, plus the violations the report recorded with the spec element each points at).
 * @param {object} report  a parsed report
 * @param {{ view: object, envelope?: object }} api  the API's mock view (and RPC envelope)
 * @returns {{ lines: string[], violations: object[], recorded: object[], exchanges: number }}
 */
export function checkReport(report, api) {
  if (report?.format !== REPORT_FORMAT || !Array.isArray(report.exchanges)) {
    throw new Error(`not a specforge proxy report (expected "format": "${REPORT_FORMAT}")`);
  }
  const validator = createValidator(api);
  const violations = [];
  const recorded = [];
  const lines = [];
  for (const x of report.exchanges) {
    if (x.error || typeof x.status !== "number") continue;
    const requestBody = asBuffer(x.requestBody);
    const responseBody = asBuffer(x.responseBody);
    const { violations: found } = validator.check({
      method: x.method,
      url: x.url,
      operation: x.operation,
      requestHeaders: x.requestContentType ? { "content-type": x.requestContentType } : {},
      requestBody,
      status: x.status,
      responseHeaders: x.responseContentType ? { "content-type": x.responseContentType } : {},
      responseBody,
    });
    // Credentials are never in a report, so their absence says nothing here.
    const relevant = found.filter(
      (v) => v.rule !== "credentials" && !(v.rule === "error-status" && /without its credentials/.test(v.expected)),
    );
    violations.push(...relevant);
    for (const v of relevant) lines.push(violationLine(v));
    if (responseBody === undefined || requestBody === undefined) {
      // What the body checks found at the time, which this replay cannot repeat.
      for (const v of x.violations ?? []) {
        if (relevant.some((r) => r.location === v.location && r.operation === v.operation)) continue;
        if (v.rule === "credentials" || v.rule === "error-status") continue;
        recorded.push(v);
        lines.push(
          `${violationLine(v)} (recorded; body not in the report${v.specElement ? `; spec element ${v.specElement}` : ""})`,
        );
      }
    }
  }
  return { lines, violations, recorded, exchanges: report.exchanges.length };
}
