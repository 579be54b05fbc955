// The validating proxy: the mock's mode in front of the real API. Every request is forwarded as
// the client sent it (credentials included) and every answer streams back byte for byte; each
// exchange is then checked against the API's mock view (validate.mjs) and each violation printed
// as one redacted line. On stop, a report (report.mjs) is written when asked for. Knows no provider.
import fs from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import {
  buildReport,
  credentialNames,
  DEFAULT_BODY_LIMIT,
  registerCredentials,
  reportText,
  writeReport,
} from "./report.mjs";
import { readBody } from "../serve/router.mjs";
import { createValidator, violationLine } from "./validate.mjs";

/** Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection, so they are not forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
/** Answers larger than this are relayed whole but not checked. */
const MAX_CHECKED_BYTES = 16 * 1024 * 1024;

function decode(buffer, encoding) {
  // "x-gzip" is gzip's old name (RFC 9110 8.4.1.3).
  switch (
    String(encoding ?? "")
      .trim()
      .toLowerCase()
      .replace(/^x-/, "")
  ) {
    case "gzip":
      return zlib.gunzipSync(buffer);
    case "deflate":
      return zlib.inflateSync(buffer);
    case "br":
      return zlib.brotliDecompressSync(buffer);
    default:
      return buffer;
  }
}

/** The RPC envelope's field names, from the bundle's `x-rpc` operation. */
export function envelopeOf(bundle) {
  for (const item of Object.values(bundle?.paths ?? {})) {
    for (const op of Object.values(item ?? {})) if (op?.["x-rpc"]) return op["x-rpc"].envelope;
  }
  return undefined;
}

/**
 * Starts the validating proxy for one API.
 * @param {object} o
 * @param {object} o.view          the API's mock view
 * @param {object} [o.bundle]      its bundled spec (for the RPC envelope and the spec's version)
 * @param {string} o.api           the API's name (for lines and the report)
 * @param {string} [o.packageName]
 * @param {string} o.upstream      the real API's base URL (http or https)
 * @param {number} [o.port]        0 = any free port
 * @param {string} [o.host]        default 127.0.0.1
 * @param {(line: string) => void} [o.log]  one line per violation (default: stderr)
 * @param {string} [o.report]      file the report is written to on stop
 * @param {boolean} [o.bodies]     keep (truncated) bodies in the report (default true)
 * @param {number} [o.bodyLimit]   characters of each body the report keeps
 * @param {Iterable<string>} [o.secrets]  more values never to print (e.g. the tour's credentials)
 */
export async function startProxy(o) {
  const upstream = new URL(o.upstream);
  if (!/^https?:$/.test(upstream.protocol))
    throw new Error(`--upstream must be an http or https URL, not ${o.upstream}`);
  const transport = upstream.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 32 });
  const base = upstream.pathname.replace(/\/$/, "");
  // The client runtime's redactor, loaded here so the plain mock runs without the runtime's build.
  const { Redactor } = await import("@specforge/runtime");
  const redactor = new Redactor(o.secrets ?? []);
  const names = credentialNames(o.view);
  const validator = createValidator({
    view: o.view,
    envelope: envelopeOf(o.bundle),
    redact: (text) => redactor.redact(text),
  });
  const log = o.log ?? ((line) => process.stderr.write(`${line}\n`));
  const exchanges = [];
  const pending = new Set();
  const startedAt = new Date().toISOString();
  const listeners = new Set();

  function record(x) {
    try {
      const result = x.error ? { operation: `${x.method} ${x.url.split("?")[0]}`, violations: [] } : validator.check(x);
      x.operation = result.operation;
      x.violations = result.violations.map((v) => ({
        ...v,
        actual: redactor.redact(v.actual),
        expected: redactor.redact(v.expected),
      }));
    } catch (error) {
      x.operation ??= `${x.method} ${x.url.split("?")[0]}`;
      x.violations = [];
      x.error = `the proxy could not check this exchange: ${error.message}`;
    }
    exchanges.push(x);
    if (x.error) log(redactor.redact(`${x.operation}: ${x.error}`));
    for (const v of x.violations) log(redactor.redact(violationLine(v)));
    for (const listener of listeners) listener(x);
  }

  const server = http.createServer((req, res) => {
    const done = (async () => {
      const requestBody = await readBody(req);
      const requestHeaders = { ...req.headers };
      registerCredentials(redactor, names, requestHeaders, new URL(`http://proxy${req.url}`).searchParams);
      const outHeaders = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i];
        const lower = name.toLowerCase();
        if (lower === "host" || lower === "content-length" || HOP_BY_HOP.has(lower)) continue;
        outHeaders.push(name, req.rawHeaders[i + 1]);
      }
      outHeaders.push("Host", upstream.host);
      if (requestBody.length || req.headers["content-length"] !== undefined)
        outHeaders.push("Content-Length", String(requestBody.length));
      const exchange = { method: req.method, url: req.url, requestHeaders, requestBody };
      await new Promise((resolve) => {
        const upstreamReq = transport.request(
          {
            protocol: upstream.protocol,
            hostname: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: `${base}${req.url}`,
            headers: outHeaders,
            agent,
          },
          (upstreamRes) => {
            const headers = [];
            for (let i = 0; i < upstreamRes.rawHeaders.length; i += 2) {
              if (!HOP_BY_HOP.has(upstreamRes.rawHeaders[i].toLowerCase()))
                headers.push(upstreamRes.rawHeaders[i], upstreamRes.rawHeaders[i + 1]);
            }
            res.writeHead(upstreamRes.statusCode, upstreamRes.statusMessage, headers);
            const chunks = [];
            let size = 0;
            upstreamRes.on("data", (chunk) => {
              res.write(chunk);
              size += chunk.length;
              if (size <= MAX_CHECKED_BYTES) chunks.push(chunk);
            });
            upstreamRes.on("end", () => {
              res.end();
              exchange.status = upstreamRes.statusCode;
              exchange.responseHeaders = { ...upstreamRes.headers };
              if (size > MAX_CHECKED_BYTES) exchange.responseBody = undefined;
              else {
                try {
                  exchange.responseBody = decode(Buffer.concat(chunks), upstreamRes.headers["content-encoding"]);
                } catch (error) {
                  exchange.error = `cannot decode the ${upstreamRes.headers["content-encoding"]} answer: ${error.message}`;
                }
              }
              resolve();
            });
            upstreamRes.on("error", (error) => {
              exchange.error = `the upstream answer broke off: ${error.message}`;
              res.destroy();
              resolve();
            });
          },
        );
        upstreamReq.on("error", (error) => {
          exchange.error = `upstream ${upstream.origin} failed: ${error.message}`;
          if (!res.headersSent) {
            const text = JSON.stringify({ error: `specforge proxy: ${exchange.error}` });
            res.writeHead(502, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
            res.end(text);
          } else res.destroy();
          resolve();
        });
        upstreamReq.end(requestBody);
      });
      record(exchange);
    })().catch((error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `specforge proxy failed: ${error.message}` }));
    });
    pending.add(done);
    done.finally(() => pending.delete(done));
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = server.address().port;
  let stopped;
  const proxy = {
    url: `http://${o.host ?? "127.0.0.1"}:${port}`,
    port,
    server,
    upstream: upstream.origin + base,
    exchanges,
    redactor,
    /** Registers a value that must never be printed or reported (e.g. a credential the tour sends). */
    addSecret: (value) => redactor.add(value),
    /** Calls `listener(exchange)` after each exchange is checked; returns the unsubscribe function. */
    onExchange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Resolves once every exchange so far has been checked. */
    async settled() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    /** The report of everything seen so far (redacted; bodies per the options). */
    report() {
      return buildReport({
        api: o.api,
        packageName: o.packageName,
        specVersion: o.bundle?.info?.version ?? o.view?.info?.version,
        upstream: redactor.redact(upstream.origin + base),
        exchanges,
        redactor,
        bodies: o.bodies !== false,
        bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
        startedAt,
      });
    },
    reportText() {
      return reportText(proxy.report());
    },
    /** Stops listening, waits for the checks in flight, writes the report when one was asked for. */
    stop() {
      stopped ??= (async () => {
        await new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections?.();
        });
        await proxy.settled();
        agent.destroy();
        if (o.report) await writeReport(o.report, proxy.reportText());
      })();
      return stopped;
    },
  };
  return proxy;
}

/** Starts the proxy for a resolved API (packages.mjs), reading its mock view and bundle. */
export async function startProxyFor(entry, options) {
  const read = async (file, what) => {
    try {
      return JSON.parse(await fs.readFile(file, "utf8"));
    } catch (error) {
      throw new Error(
        `proxy "${entry.name}": cannot read its ${what} ${file} (${entry.packageName} ships it; in its repository run \`npm run generate\`): ${error.message}`,
      );
    }
  };
  const view = await read(entry.mockView, "mock view");
  const bundle = await read(entry.bundle, "bundled spec");
  return startProxy({ ...options, view, bundle, api: entry.name, packageName: entry.packageName });
}

/**
 * The proxy in the shape `startMock` returns (a mock whose answers come from `upstream`), for
 * `startMock({ api, upstream })`, `startMocks({ upstreams })` and the test helpers.
 */
export async function startProxyMock(entry, { upstream, port = 0, host = "127.0.0.1", ...options }) {
  const proxy = await startProxyFor(entry, { ...options, upstream, port, host });
  return {
    api: entry.name,
    packageName: entry.packageName,
    url: proxy.url,
    port: proxy.port,
    urlEnv: entry.mockUrlEnv,
    upstream: proxy.upstream,
    proxy,
    /** Nothing to reset: the data is the real API's. */
    reset: async () => {},
    stop: () => proxy.stop(),
  };
}
