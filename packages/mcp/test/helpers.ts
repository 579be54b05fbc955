// What the tests share: the APIs the server serves in this repository (read from the installed
// client packages' manifests, never listed by hand), what the spec says each one's tools are, the
// docs samples' arguments, and an SDK client connected to a server in-process.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createMcpService, installedApis } from "../src/index.mjs";
import { HTTP_METHODS, resolveRef } from "@specforge/model";

export const PKG_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(PKG_ROOT, "../..");

export interface ApiEntry {
  name: string;
  packageName: string;
  bundle: string;
  companionOf?: string;
  client: { factory: string; options: Record<string, unknown>; mockEnv?: Record<string, string> };
}

/** Every API an installed client package serves that has tools of its own (not a token endpoint). */
export const servedApis: ApiEntry[] = (installedApis(REPO_ROOT) as ApiEntry[])
  .filter((a) => !a.companionOf)
  .sort((a, b) => a.name.localeCompare(b.name));

export const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/**
 * The APIs this repository's client packages declare in their manifests (packages/<client>/openapi/
 * specforge.json, generated from redocly.yaml), without the ones another API starts as its companion.
 * A second reading of the same facts: servedApis must find each of them among the installed packages.
 */
export function repositoryApis(): string[] {
  const apis: { name: string; startsWith?: string[] }[] = [];
  for (const dir of fs.readdirSync(path.join(REPO_ROOT, "packages"))) {
    const manifest = path.join(REPO_ROOT, "packages", dir, "openapi", "specforge.json");
    if (fs.existsSync(manifest)) apis.push(...readJson(manifest).apis);
  }
  const companions = new Set(apis.flatMap((a) => a.startsWith ?? []));
  return apis
    .map((a) => a.name)
    .filter((name) => !companions.has(name))
    .sort();
}

/** Follows a local `$ref` in the bundle; other nodes come back as they are. */
export const deref = (doc: any, node: any): any => resolveRef(doc, node, { strict: true });

export interface ExpectedTool {
  name: string;
  read: boolean;
  inferred: boolean;
  tags: string[];
}

/** The tools the spec calls for: each REST operation (read = GET/HEAD), each RPC action (read = idempotent). */
export function expectedTools(doc: any): ExpectedTool[] {
  const out: ExpectedTool[] = [];
  for (const item of Object.values<any>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (op["x-rpc"]) {
        const union = deref(doc, deref(doc, op.requestBody).content["application/json"].schema);
        for (const ref of union.oneOf) {
          const variant = deref(doc, ref);
          const meta = variant["x-action"];
          out.push({
            name: variant.properties[op["x-rpc"].discriminator].const,
            read: meta.idempotent === true,
            inferred: meta.provenance === "inferred",
            tags: meta.tags,
          });
        }
      } else {
        out.push({
          name: op.operationId,
          read: method === "get" || method === "head",
          inferred: op["x-provenance"] === "inferred",
          tags: op.tags ?? [],
        });
      }
    }
  }
  return out;
}

/**
 * The arguments each operation's TypeScript docs sample passes (the docs view's `x-codeSamples`,
 * generated next to the bundle): `await client.<operation>(<literal>)`, the literal evaluated.
 */
export function sampleArguments(entry: ApiEntry): Map<string, object> {
  const view = readJson(entry.bundle.replace(/\.json$/, ".docs.json"));
  const out = new Map<string, object>();
  for (const item of Object.values<any>(view.paths)) {
    for (const op of Object.values<any>(item)) {
      const source: string | undefined = op?.["x-codeSamples"]?.find((s: any) => s.lang === "TypeScript")?.source;
      if (!source) continue;
      const call = /await \w+\.(\w+)\(([\s\S]*?)\);(?:\n|$)/.exec(source);
      if (!call || call[1] !== op.operationId) continue; // a sample that calls something else (a token getter)
      out.set(op.operationId, call[2].trim() ? new Function(`return (${call[2]});`)() : {});
    }
  }
  return out;
}

/** The variables pointing an API's client at the running mocks: its manifest's `mockEnv`, filled in. */
export function mockEnv(entry: ApiEntry, urls: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(entry.client.mockEnv ?? {})) {
    out[name] = template.replace(/\{mock:([^}]+)\}/g, (_, api: string) => {
      if (!urls[api]) throw new Error(`no mock running for ${api}`);
      return urls[api];
    });
  }
  return out;
}

/** Credentials for every option read from an env variable without a default, each a distinct secret. */
export function secretEnv(entry: ApiEntry, tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const option of Object.values<any>(entry.client.options)) {
    if (option && typeof option === "object" && option.env && option.default === undefined)
      out[option.env] = `s3cr3t-${tag}-${option.env.toLowerCase()}-${Math.random().toString(36).slice(2)}`;
  }
  return out;
}

/** An SDK Client connected in-process to a new server session of `service`. */
export async function connect(service: any): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await service.newServer().connect(serverSide);
  const client = new Client({ name: "specforge-mcp-test", version: "0.0.0" });
  await client.connect(clientSide);
  return client;
}

export { createMcpService };
