// Tool calls through the official SDK client, against the real mocks (Prism behind
// @specforge/mock's router, started on free ports by the global setup), for every API:
// every tool called with its docs sample's arguments answers what the generated client answers
// (so a tool call is a client call), reads return the mock's data, a list returns one page and
// takes the next page's cursor, a 401 comes back as an error result with the provider's message,
// and no credential appears in any result or log line.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redactor } from "@specforge/runtime";
import { afterAll, describe, expect, inject, it } from "vitest";
import { clientSettings, createClient, loadApi } from "../src/index.mjs";
import {
  connect,
  createMcpService,
  deref,
  mockEnv,
  readJson,
  sampleArguments,
  secretEnv,
  servedApis,
  type ApiEntry,
} from "./helpers.js";

const urls = inject("mockUrls");
/** Every secret any test here configured, and every text the servers produced. */
const secrets: string[] = [];
const seen: string[] = [];

function textOf(result: any): string {
  const text = (result.content ?? []).map((c: any) => (c.type === "text" ? c.text : JSON.stringify(c))).join("\n");
  seen.push(text, JSON.stringify(result.structuredContent ?? null));
  return text;
}

async function serviceFor(
  entry: ApiEntry,
  tag: string,
  extra: Record<string, unknown> = {},
  env: Record<string, string> = mockEnv(entry, urls),
) {
  const creds = secretEnv(entry, tag);
  secrets.push(...Object.values(creds));
  const log = (line: string) => seen.push(line);
  return {
    service: await createMcpService({
      mode: "tools",
      api: entry.name,
      env: { ...env, ...creds },
      allowWrites: true,
      log,
      ...extra,
    }),
    env: { ...env, ...creds },
  };
}

/** The first example of an operation's 2xx JSON answer in the spec (for an RPC action: its response schema's). */
function specExample(doc: any, name: string, index = 0): unknown {
  for (const item of Object.values<any>(doc.paths)) {
    for (const op of Object.values<any>(item)) {
      if (op?.operationId === name) {
        const [, response] = Object.entries<any>(op.responses).find(([status]) => /^2/.test(status))!;
        return Object.values<any>(deref(doc, response).content["application/json"].examples)[index].value;
      }
      if (op?.["x-rpc"]) {
        const union = deref(doc, deref(doc, op.requestBody).content["application/json"].schema);
        const variant = union.oneOf
          .map((ref: any) => deref(doc, ref))
          .find((v: any) => v.properties[op["x-rpc"].discriminator].const === name);
        if (variant) return deref(doc, variant["x-action"].response).examples[index];
      }
    }
  }
  throw new Error(`no operation ${name}`);
}

/** The spec's 401 answer for a tool: its operation's (or the RPC wire operation's) first example. */
function example401(doc: any, name: string): Record<string, unknown> {
  const ops = Object.values<any>(doc.paths).flatMap((item) => Object.values<any>(item));
  const op = ops.find((o) => o?.operationId === name) ?? ops.find((o) => o?.["x-rpc"]);
  const media = deref(doc, deref(doc, op.responses["401"]).content["application/json"]);
  return media.examples
    ? deref(doc, Object.values<any>(media.examples)[0]).value
    : deref(doc, media.schema).examples[0];
}

describe.each(servedApis)("$name against its mock", (entry) => {
  const samples = sampleArguments(entry);

  it("every tool, called with its docs sample's arguments, answers what the generated client answers", async () => {
    const { service, env } = await serviceFor(entry, "all");
    const client = await connect(service);
    const { tools } = await client.listTools();
    const api = await loadApi(service.api);
    const direct = createClient(api.exports, clientSettings(service.api, { env, doc: api.doc }));
    const redactor = new Redactor(Object.values(secretEnv(entry, "unused")));
    for (const tool of tools) {
      const args = samples.get(tool.name) as Record<string, unknown>;
      // The SDK client checks structuredContent against the tool's output schema itself.
      const result: any = await client.callTool({ name: tool.name, arguments: args });
      const text = textOf(result);
      expect(result.isError, `${tool.name}: ${text}`).toBeFalsy();
      const expected = await api.exports[tool.name](direct, args);
      if (expected instanceof Blob) {
        expect(result.content[0].resource.blob, tool.name).toBe(
          Buffer.from(await expected.arrayBuffer()).toString("base64"),
        );
        continue;
      }
      expect(JSON.parse(text), tool.name).toEqual(redactor.redactValue(expected ?? null));
      if (tool.outputSchema) expect(result.structuredContent, tool.name).toEqual(JSON.parse(text));
    }
    console.log(`${entry.name}: ${tools.length} tools called against the mock`);
    await client.close();
  });

  it("a 401 from the mock is an error result with the provider's message, and names no secret", async () => {
    // Prism answers with the spec's 401 example when asked (`Prefer: code=401`); the credentials still go out.
    const { service } = await serviceFor(entry, "401", { clientOptions: { headers: { prefer: "code=401" } } });
    const client = await connect(service);
    const tool = service.tools.find((t: any) => t.read && t.tool.annotations.readOnlyHint)!;
    const result: any = await client.callTool({
      name: tool.name,
      arguments: samples.get(tool.name) as Record<string, unknown>,
    });
    const text = textOf(result);
    expect(result.isError).toBe(true);
    expect(text).toContain("401");
    expect(text).toContain('"kind": "authentication"');
    // The provider's own words: the first line (the message) quotes the spec's 401 answer.
    const answer = example401(readJson(entry.bundle), tool.name);
    const words = Object.values(answer).filter((v): v is string => typeof v === "string" && !/^[0-9a-f-]{36}$/.test(v));
    expect(words.length).toBeGreaterThan(0);
    expect(
      words.some((w) => text.split("\n")[0].includes(w)),
      `${text} quotes one of ${words}`,
    ).toBe(true);
    await client.close();
  });

  it("a provider that echoes the credentials back in its error: the result and the log show none of them", async () => {
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const echo = `rejected: ${JSON.stringify(req.headers)} ${body}`;
        res.writeHead(401, { "content-type": "application/json" }).end(
          JSON.stringify({
            success: false,
            description: echo,
            errorMessage: echo,
            message: echo,
            error_description: echo,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const env = Object.fromEntries(
        Object.entries(mockEnv(entry, urls)).map(([k, v]) => [k, v.replace(/^http:\/\/127\.0\.0\.1:\d+/, echoUrl)]),
      );
      const { service } = await serviceFor(entry, "echo", {}, env);
      const client = await connect(service);
      for (const tool of service.tools.slice(0, 3)) {
        const result: any = await client.callTool({
          name: tool.name,
          arguments: samples.get(tool.name) as Record<string, unknown>,
        });
        const text = textOf(result);
        expect(result.isError, tool.name).toBe(true);
        expect(text, "the provider's message reaches the agent").toContain("rejected:");
      }
      await client.close();
    } finally {
      server.close();
    }
  });
});

describe("reads return the mock's data, one page at a time", () => {
  const byName = (name: string) => servedApis.find((a) => a.name === name)!;

  it("a REST read answers the spec's example (trustedtwin who_am_i)", async () => {
    const entry = byName("trustedtwin");
    const { service } = await serviceFor(entry, "read");
    const client = await connect(service);
    const result: any = await client.callTool({ name: "who_am_i", arguments: {} });
    expect(JSON.parse(textOf(result))).toEqual(specExample(readJson(entry.bundle), "who_am_i"));
    await client.close();
  });

  it("an RPC list action answers the page its offset asks for (middletwin get_all_members)", async () => {
    const entry = byName("middletwin");
    const doc = readJson(entry.bundle);
    const { service } = await serviceFor(entry, "page");
    const client = await connect(service);
    const first: any = await client.callTool({ name: "get_all_members", arguments: { limit: 2, offset: 0 } });
    const second: any = await client.callTool({ name: "get_all_members", arguments: { limit: 2, offset: 2 } });
    expect(first.structuredContent).toEqual(specExample(doc, "get_all_members", 0));
    expect(second.structuredContent).toEqual(specExample(doc, "get_all_members", 1));
    textOf(first);
    textOf(second);
    await client.close();
  });

  it("a cursor list answers one page and the next with the cursor it gave (midaxo list_projects)", async () => {
    const entry = byName("midaxo");
    const doc = readJson(entry.bundle);
    const { service } = await serviceFor(entry, "cursor");
    const client = await connect(service);
    const tool = service.tools.find((t: any) => t.name === "list_projects");
    expect(tool.tool.description).toContain("`query.after`");
    const args = sampleArguments(entry).get("list_projects") as any;
    const first: any = await client.callTool({ name: "list_projects", arguments: args });
    const cursor = first.structuredContent.paging.endCursor;
    const second: any = await client.callTool({
      name: "list_projects",
      arguments: { ...args, query: { ...args.query, after: cursor } },
    });
    const examples = Object.values<any>(
      doc.paths["/processes/{processId}/projects"].get.responses["200"].content["application/json"].examples,
    ).map((e) => e.value);
    expect(first.structuredContent).toEqual(examples[0]);
    expect(second.structuredContent).toEqual(examples[1]);
    expect(second.structuredContent).not.toEqual(first.structuredContent);
    textOf(first);
    textOf(second);
    await client.close();
  });

  it("bad arguments are an error result naming the problem, and nothing is sent", async () => {
    const entry = byName("trustedtwin");
    let sent = 0;
    const countingFetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent++;
      return fetch(input, init);
    };
    const { service } = await serviceFor(entry, "bad", { clientOptions: { fetch: countingFetch } });
    const client = await connect(service);
    const result: any = await client.callTool({
      name: "get_twin",
      arguments: { path: { twin: "not-a-uuid" }, extra: 1 },
    });
    expect(sent).toBe(0);
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/^invalid arguments for get_twin: /);
    expect(text).toContain('/path/twin must match format "uuid"');
    expect(text).toContain("must NOT have additional properties (extra)");
    await client.close();
  });
});

afterAll(() => {
  // The property: every secret configured above, in any form a server could echo it, appears in
  // no result and no log line (the runtime's Redactor knows the forms).
  expect(secrets.length).toBeGreaterThan(0);
  expect(seen.length).toBeGreaterThan(0);
  const forms = new Redactor(secrets);
  for (const line of seen) {
    for (const secret of secrets) expect(line, "a secret in a result or log line").not.toContain(secret);
    expect(forms.redact(line), "an encoded secret in a result or log line").toBe(line);
  }
});
