// Code mode (the default) through the official SDK client, against the real mocks: tools/list is
// two small tools for every API; search finds every operation with its call, writes flag, Inferred
// note and docs sample; every docs sample, as an `execute` snippet, returns what the generated
// client returns; type errors name the property and send nothing; escapes from the sandbox are
// refused or stopped and the server answers the next call; writes are refused without
// --allow-writes; dryRun runs on a fresh stateful mock; no secret appears in any result or log line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Redactor } from "@specforge/runtime";
import { afterAll, describe, expect, inject, it } from "vitest";
import { clientSettings, createClient, loadApi, snippetOf } from "../src/index.mjs";
import {
  connect,
  createMcpService,
  expectedTools,
  mockEnv,
  PKG_ROOT,
  readJson,
  sampleArguments,
  secretEnv,
  servedApis,
  type ApiEntry,
} from "./helpers.js";

const urls = inject("mockUrls");
const secrets: string[] = [];
const seen: string[] = [];
const services: any[] = [];
/** Short limits, so the escape attempts end quickly; the defaults are in the README. */
const codeLimits = { timeMs: 3000, memoryBytes: 32 * 1024 * 1024, outputBytes: 50_000 };

function textOf(result: any): string {
  const text = (result.content ?? []).map((c: any) => c.text ?? JSON.stringify(c)).join("\n");
  seen.push(text);
  return text;
}

async function codeService(
  entry: ApiEntry,
  tag: string,
  extra: Record<string, unknown> = {},
  env = mockEnv(entry, urls),
) {
  const creds = secretEnv(entry, tag);
  secrets.push(...Object.values(creds));
  const service = await createMcpService({
    api: entry.name,
    env: { ...env, ...creds },
    log: (line: string) => seen.push(line),
    codeLimits,
    ...extra,
  });
  services.push(service);
  return { service, env: { ...env, ...creds }, client: await connect(service) };
}

const run = async (client: any, code: string, dryRun?: boolean) => {
  const result: any = await client.callTool({ name: "execute", arguments: dryRun ? { code, dryRun } : { code } });
  return { result, text: textOf(result) };
};

const byName = (name: string) => servedApis.find((a) => a.name === name)!;

describe.each(servedApis)("$name in code mode", (entry) => {
  const doc = readJson(entry.bundle);
  const expected = expectedTools(doc);

  it("tools/list is search and execute, at most 4 kB, and search's description names every operation", async () => {
    for (const allowWrites of [false, true]) {
      const service = await createMcpService({ api: entry.name, mock: true, allowWrites, log: () => {} });
      services.push(service);
      const client = await connect(service);
      const listed = await client.listTools();
      const bytes = Buffer.byteLength(JSON.stringify(listed));
      console.log(`${entry.name}: tools/list ${bytes} bytes in code mode${allowWrites ? " with --allow-writes" : ""}`);
      expect(listed.tools.map((t) => t.name)).toEqual(["search", "execute"]);
      expect(bytes).toBeLessThanOrEqual(4096);
      const description = listed.tools[0].description!;
      for (const op of expected) expect(description, op.name).toMatch(new RegExp(`\\b${op.name}\\b`));
      expect(listed.tools[1].annotations?.readOnlyHint).toBe(!allowWrites);
      await client.close();
    }
  });

  it("search finds every operation by name: its call, summary, writes flag, Inferred note and docs sample", async () => {
    const { client } = await codeService(entry, "search");
    for (const op of expected) {
      const result: any = await client.callTool({ name: "search", arguments: { query: op.name } });
      const [hit] = JSON.parse(textOf(result));
      expect(hit.name).toBe(op.name);
      expect(hit.call.startsWith(`client.${op.name}(`), hit.call).toBe(true);
      expect(hit.writes, op.name).toBe(!op.read);
      expect(Boolean(hit.inferred), `${op.name}: the Inferred note`).toBe(op.inferred);
      expect(hit.summary, op.name).toBeTruthy();
      expect(hit.sample, `${op.name} has its docs sample`).toContain(`client.`);
    }
    const words: any = await client.callTool({ name: "search", arguments: { query: expected[0].tags[0] } });
    expect(JSON.parse(textOf(words)).length).toBeGreaterThan(0);
    await client.close();
  });

  it("every docs sample, as an execute snippet, returns what the generated client returns", async () => {
    const { service, env, client } = await codeService(entry, "samples", {
      allowWrites: true,
      codeLimits: { ...codeLimits, timeMs: 30_000 }, // a list sample walks every page
    });
    const api = await loadApi(service.api);
    const direct = createClient(api.exports, clientSettings(service.api, { env, doc: api.doc }));
    const redactor = new Redactor();
    const view = readJson(entry.bundle.replace(/\.json$/, ".docs.json"));
    const args = sampleArguments(entry);
    let checked = 0;
    for (const item of Object.values<any>(view.paths)) {
      for (const op of Object.values<any>(item)) {
        const source = op?.["x-codeSamples"]?.find((s: any) => s.lang === "TypeScript")?.source;
        if (!source || !args.has(op.operationId)) continue;
        const snippet = snippetOf(source);
        expect(snippet, `${op.operationId}: its sample as a snippet`).toBeTruthy();
        const { result, text } = await run(client, snippet);
        expect(result.isError, `${op.operationId}: ${text}`).toBeFalsy();
        const answer = await api.exports[op.operationId](direct, args.get(op.operationId));
        const value = JSON.parse(result.content[0].text);
        if (answer instanceof Blob) {
          expect(value.base64, op.operationId).toBe(Buffer.from(await answer.arrayBuffer()).toString("base64"));
        } else expect(value, op.operationId).toEqual(redactor.redactValue(answer ?? null));
        checked++;
      }
    }
    // Every operation's sample calls it (a sample that calls something else is counted by the tools mode's test).
    expect(checked).toBe(args.size);
    console.log(`${entry.name}: ${checked} docs samples run through execute`);
    await client.close();
  }, 900_000);
});

describe("execute", () => {
  const entry = byName("trustedtwin");
  const twin = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

  it("a type error names the property, and nothing is sent", async () => {
    let sent = 0;
    const countingFetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent++;
      return fetch(input, init);
    };
    const { client } = await codeService(entry, "types", { clientOptions: { fetch: countingFetch } });
    const { result, text } = await run(
      client,
      `const t = await client.get_twin({ path: { twinn: "${twin}" } });\nreturn t.status;`,
    );
    expect(result.isError).toBe(true);
    expect(text).toMatch(
      /^TypeScript found 1 error\(s\); nothing was run:\nline 1, column \d+: .*'twinn'.*Did you mean to write 'twin'\?/,
    );
    const second = await run(
      client,
      `const t = await client.get_twin({ path: { twin: "${twin}" } });\nreturn t.statuss;`,
    );
    expect(second.text).toMatch(/line 2, column \d+: Property 'statuss' does not exist .*Did you mean 'status'\?/);
    expect(sent).toBe(0);
    await client.close();
  });

  it("escape attempts are refused or stopped, and the server answers the next call", async () => {
    const { client } = await codeService(entry, "escape");
    const attempts: Array<[string, string, RegExp]> = [
      ["fetch", `return await (globalThis as any).fetch("http://127.0.0.1:1/");`, /TypeError: not a function/],
      [
        "dynamic import",
        `const load = new Function("return import('node:fs')");\nreturn await load();`,
        /could not load module 'node:fs'/,
      ],
      ["require", `return (globalThis as any).require("node:child_process");`, /TypeError: not a function/],
      ["process", `return (globalThis as any).process.env;`, /TypeError: cannot read property 'env' of undefined/],
      [
        "the Function constructor through prototypes",
        `const F = (client.who_am_i as any).constructor.constructor;\nreturn F("return process")();`,
        /ReferenceError: 'process' is not defined/,
      ],
      ["an endless loop", "while (true) {}", /ran longer than its time limit \(3000 ms\) and was stopped/],
      [
        "a huge allocation",
        "const held: number[][] = [];\nfor (;;) held.push(new Array(1_000_000).fill(1));",
        /out of memory \(its limit is 32 MB\)|ran longer than its time limit/,
      ],
      ["a huge result", `return "x".repeat(200_000);`, /over its output limit \(50000 bytes/],
    ];
    for (const [what, code, refusal] of attempts) {
      const started = Date.now();
      const { result, text } = await run(client, code);
      expect(result.isError, `${what}: ${text}`).toBe(true);
      expect(text, what).toMatch(refusal);
      console.log(`escape: ${what} refused in ${Date.now() - started} ms: ${text.split("\n")[0]}`);
      const next = await run(client, "return (await client.who_am_i()).account.length > 0;");
      expect(next.text, `the call after ${what}`).toBe("true");
    }
    // What the Function constructor reaches is the sandbox's own global: the language, nothing else.
    const { text } = await run(
      client,
      `const F = ({} as any).constructor.constructor;\nreturn [typeof F("return globalThis")().fetch, typeof F("return this")().process, F("return typeof require")()];`,
    );
    expect(JSON.parse(text)).toEqual(["undefined", "undefined", "undefined"]);
    await client.close();
  }, 120_000);

  it("a write without --allow-writes is refused at the bridge; dryRun runs it on a fresh stateful mock", async () => {
    let sent = 0;
    const countingFetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent++;
      return fetch(input, init);
    };
    const { client, service } = await codeService(entry, "writes", { clientOptions: { fetch: countingFetch } });
    const create = `const made = await client.create_twin({ body: { description: { serial: "T-1" } } });\nreturn await client.get_twin({ path: { twin: made.creation_certificate.uuid } });`;
    const refused = await run(client, create);
    expect(refused.result.isError).toBe(true);
    expect(refused.text).toContain("create_twin can change data; this server runs without --allow-writes");
    const caught = await run(
      client,
      `try { await client.create_twin({ body: {} }); return "sent"; } catch (e: any) { return e.name; }`,
    );
    expect(caught.text).toBe('"WriteRefused"');
    expect(sent).toBe(0);
    const rehearsed = await run(client, create, true);
    expect(rehearsed.result.isError, rehearsed.text).toBeFalsy();
    expect(JSON.parse(rehearsed.text).description).toEqual({ serial: "T-1" });
    expect(sent, "dryRun calls the mock, not the real API").toBe(0);
    // Fresh per run: the twin made by the last rehearsal is gone.
    const uuid = JSON.parse(rehearsed.text).creation_certificate.uuid;
    const again = await run(
      client,
      `try { await client.get_twin({ path: { twin: "${uuid}" } }); return "found"; } catch (e: any) { return e.status; }`,
      true,
    );
    expect(again.text).toBe("404");
    await client.close();
    await service.close();
  }, 180_000);

  it("per-call options: timeouts and retry settings reach the client; headers, retryNonIdempotent and host objects are refused by name", async () => {
    // The provider is down (503, which the runtime retries): how many requests a call makes shows the options it got.
    let sent = 0;
    const downFetch = async () => {
      sent++;
      return new Response(JSON.stringify({ description: "Service unavailable" }), {
        status: 503,
        headers: { "content-type": "application/json" },
      });
    };
    const { client } = await codeService(entry, "options", { clientOptions: { fetch: downFetch } });
    const attempts = async (options: string) => {
      const before = sent;
      const { result, text } = await run(
        client,
        `try { await client.get_twin({ path: { twin: "${twin}" } }, ${options}); return "ok"; } catch (e: any) { return { name: e.name, status: e.status, message: e.message }; }`,
      );
      expect(result.isError, text).toBeFalsy();
      return { sent: sent - before, error: JSON.parse(text) };
    };
    const once = await attempts("{ maxRetries: 0, timeoutMs: 5000 }");
    expect(once).toMatchObject({ sent: 1, error: { status: 503 } });
    const twice = await attempts("{ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 }, deadlineMs: 20000 }");
    expect(twice).toMatchObject({ sent: 2, error: { status: 503 } });
    // Refused before anything is sent, each naming what it refuses.
    for (const [options, says] of [
      ['{ headers: { authorization: "Bearer stolen" } }', "headers are refused"],
      ["{ retryNonIdempotent: true }", "retryNonIdempotent is refused"],
      ["{ onAttempt: () => {} }", "onAttempt is refused"],
      ["{ maxRetries: -1 }", "maxRetries must be a non-negative integer"],
      ["{ retry: { statuses: [200] } }", "retry.statuses must be a list of HTTP error statuses"],
    ]) {
      const refused = await attempts(options);
      expect(refused.sent, options).toBe(0);
      expect(refused.error.name, options).toBe("OptionRefused");
      expect(refused.error.message, options).toContain(says);
      expect(refused.error.message, options).toContain("client.get_twin(args, options)");
    }
    await client.close();
  });

  it("a provider error arrives as a thrown error with the provider's message and status, and try/catch works", async () => {
    const { client } = await codeService(entry, "401", { clientOptions: { headers: { prefer: "code=401" } } });
    const { text } = await run(
      client,
      `try { await client.who_am_i(); return "ok"; } catch (e: any) { return { name: e.name, status: e.status, kind: e.kind, message: e.message }; }`,
    );
    const caught = JSON.parse(text);
    expect(caught).toMatchObject({ status: 401, kind: "authentication" });
    expect(caught.message.length).toBeGreaterThan(0);
    const uncaught = await run(client, "return await client.who_am_i();");
    expect(uncaught.result.isError).toBe(true);
    expect(uncaught.text).toContain(caught.message);
    await client.close();
  });

  it("a provider that echoes the credentials back: no secret reaches the sandbox's result, logs or error", async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const echo = `rejected: ${JSON.stringify(req.headers)}`;
        res
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ description: echo, message: echo }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const env = Object.fromEntries(
        Object.entries(mockEnv(entry, urls)).map(([k, v]) => [k, v.replace(/^http:\/\/127\.0\.0\.1:\d+/, echoUrl)]),
      );
      const { client } = await codeService(entry, "echo", {}, env);
      const caught = await run(
        client,
        `try { await client.who_am_i(); } catch (e: any) { console.log(e.message, e.body); return [e.message, e.body]; }`,
      );
      expect(caught.text).toContain("rejected:");
      const uncaught = await run(client, "await client.who_am_i();");
      expect(uncaught.result.isError).toBe(true);
      await client.close();
    } finally {
      server.close();
    }
  });
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  // Every secret configured above, in any form a server could echo it, appears in no result and no log line.
  expect(secrets.length).toBeGreaterThan(0);
  const forms = new Redactor(secrets);
  for (const line of seen) {
    for (const secret of secrets) expect(line, "a secret in a result or log line").not.toContain(secret);
    expect(forms.redact(line), "an encoded secret in a result or log line").toBe(line);
  }
});

describe("the README", () => {
  it("the execute snippets in this README and the root README run against the mock", async () => {
    const snippets = [path.join(PKG_ROOT, "README.md"), path.join(PKG_ROOT, "../../README.md")].flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
        .map((m) => m[1])
        .filter((code) => /\bclient\./.test(code) && !/^import /m.test(code)),
    );
    expect(snippets.length).toBe(2);
    const { client } = await codeService(byName("trustedtwin"), "readme", {
      codeLimits: { ...codeLimits, timeMs: 30_000 },
    });
    for (const code of snippets) {
      const { result, text } = await run(client, code);
      expect(result.isError, `${code}\n${text}`).toBeFalsy();
      expect(JSON.parse(result.content[0].text).status).toBe("alive");
    }
    await client.close();
  }, 150_000);

  it("its code-mode example runs (against the mock its port variable names)", async () => {
    const readme = fs.readFileSync(path.join(PKG_ROOT, "README.md"), "utf8");
    const block = /## In code\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "the README's In code example").toBeTruthy();
    // Inside the package folder, so `@specforge/mcp` resolves to this package (self-reference).
    const file = path.join(PKG_ROOT, `readme-example-${process.pid}.mjs`);
    fs.writeFileSync(file, block!);
    try {
      const entry = byName("trustedtwin");
      const portEnv = (entry as any).mocks.trustedtwin.portEnv;
      const run = spawnSync(process.execPath, [file], {
        cwd: PKG_ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", [portEnv]: new URL(urls.trustedtwin).port },
        timeout: 120_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toMatch(/^"[0-9a-f-]{36}"$/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 150_000);
});
