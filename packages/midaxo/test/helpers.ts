/**
 * Test helpers: the bundled spec (packages/midaxo/openapi/midaxo.json) as the only source of the
 * operation list, parameters and response schemas; a recording fetch; a tiny local server that
 * plays token endpoint and API.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { bundleValidator, derefIn } from "@specforge/mock/testing";

type Json = any;

export const bundle: Json = JSON.parse(readFileSync(fileURLToPath(new URL("../openapi/midaxo.json", import.meta.url)), "utf8"));

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Resolves a local `$ref` of the bundle, repeatedly. */
export const deref = (node: Json): Json => derefIn(bundle, node);

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  /** Path parameters filled from their spec examples. */
  pathParams: Record<string, string>;
  /** Pointer of the 2xx JSON response schema. */
  successSchema: string;
  successStatus: number;
}

const METHODS = ["get", "put", "post", "patch", "delete"] as const;

/** Every operation of the spec (never a hand-kept list). */
export function listOperations(): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Json>(bundle.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const pathParams: Record<string, string> = {};
      for (const p of params.filter((p: Json) => p.in === "path")) {
        const example = p.example ?? Object.values<Json>(p.examples ?? {})[0]?.value;
        if (example === undefined) throw new Error(`${op.operationId}: path parameter ${p.name} has no example`);
        pathParams[p.name] = String(example);
      }
      const status = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s));
      if (!status) throw new Error(`${op.operationId}: no 2xx response`);
      const raw = op.responses[status];
      const base = raw.$ref ?? `#/paths/${escapePointer(path)}/${method}/responses/${status}`;
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        pathParams,
        successStatus: Number(status),
        successSchema: `${base}/content/application~1json/schema`,
      });
    }
  }
  return out;
}

/** Ajv 2020 over the whole bundle; returns the validator of a schema given its `#/...` pointer. */
export const createValidator = () => bundleValidator(bundle, "midaxo.json");

/** A fetch that records every request as it leaves the client. */
export { recordingFetch as recorder } from "@specforge/mock/testing";

export interface Hit {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A local HTTP server on 127.0.0.1:0 answering with `handler`; records every request. */
export async function localServer(handler: (hit: Hit) => Answer | Promise<Answer>) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const hit = {
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://local"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      hits.push(hit);
      const answer = await handler(hit);
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    hits,
    tokenHits: () => hits.filter((h) => h.url.pathname === "/oauth/token"),
    apiHits: () => hits.filter((h) => h.url.pathname !== "/oauth/token"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
