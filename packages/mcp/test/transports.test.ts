// The command an MCP client starts: `specforge-mcp <api>` over stdio (what Claude Desktop, Cursor
// or VS Code run), and `--http` (Streamable HTTP on 127.0.0.1, behind a bearer token), driven by
// the official SDK's client transports against the real mocks, in both modes. Each test starts a
// server process (code mode warms TypeScript at start), so each has two minutes on a busy machine.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, inject, it } from "vitest";
import { expectedTools, mockEnv, PKG_ROOT, readJson, secretEnv, servedApis } from "./helpers.js";

const CLI = path.join(PKG_ROOT, "src", "cli.mjs");
const urls = inject("mockUrls");
const baseEnv = { PATH: process.env.PATH ?? "" };

/** `--mock` reads each mock's port from its variable (the manifest's mockPortEnv), as a user moves them. */
function mockPortEnv(entry: any): Record<string, string> {
  return Object.fromEntries(
    Object.entries<any>(entry.mocks)
      .filter(([name, m]) => m.portEnv && urls[name])
      .map(([name, m]) => [m.portEnv, new URL(urls[name]).port]),
  );
}

/** The CLI started as an MCP client starts it (stdio), with only these variables; its stderr collected. */
async function overStdio(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env: { ...baseEnv, ...env },
    stderr: "pipe",
    cwd: PKG_ROOT,
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "stdio-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe.each(servedApis)("specforge-mcp $name --mock over stdio", (entry) => {
  it("--mode tools lists the read tools and answers one read from the mock", { timeout: 120_000 }, async () => {
    const { client, stderr } = await overStdio([entry.name, "--mode", "tools", "--mock"], mockPortEnv(entry));
    const { tools } = await client.listTools();
    const reads = expectedTools(readJson(entry.bundle)).filter((t) => t.read);
    expect(tools.map((t) => t.name)).toEqual(reads.map((t) => t.name));
    // The first read that needs no arguments.
    const tool = tools.find((t) => !(t.inputSchema.required ?? []).length)!;
    const result: any = await client.callTool({ name: tool.name, arguments: {} });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(result.content[0].text.length).toBeGreaterThan(2);
    await client.close();
    expect(stderr()).toContain(`specforge-mcp: ${entry.name} (${entry.packageName}`);
    expect(stderr()).toContain(`call ${tool.name}: ok`);
  });
});

it("stdio with real credentials: no secret on stderr or in any result", { timeout: 120_000 }, async () => {
  const entry = servedApis.find((a) => a.name === "trustedtwin")!;
  const secrets = secretEnv(entry, "stdio");
  const { client, stderr } = await overStdio([entry.name, "--mode", "tools"], { ...mockEnv(entry, urls), ...secrets });
  const results = [
    await client.callTool({ name: "who_am_i", arguments: {} }),
    await client.callTool({ name: "get_twin", arguments: { path: { twin: "nope" } } }),
  ];
  await client.close();
  const everything = `${stderr()}\n${JSON.stringify(results)}`;
  expect(stderr()).toContain("call who_am_i: ok");
  for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
});

/** `specforge-mcp <args> --http --port 0`; resolves once it prints its URL, with its stderr so far. */
async function startHttp(args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args, "--http", "--port", "0"], {
    env: { ...baseEnv, ...env },
    cwd: PKG_ROOT,
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      stderr += chunk;
      const found = /Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (found) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { url, stderr: () => stderr, stop };
}

/** A raw tools/list POST (no SDK), with these headers; its status. */
function rawStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once("error", reject);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }));
  });
}

/** The error a connection attempt fails with (the SDK's StreamableHTTPError carries the status as `code`). */
async function refusal(attempt: Promise<unknown>): Promise<any> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error("the server let the client in");
}

/** The SDK's Streamable HTTP client, sending this bearer token (none: no Authorization header). */
async function httpClient(url: string, token?: string) {
  const client = new Client({ name: "http-test", version: "0.0.0" });
  const requestInit = token ? { headers: { authorization: `Bearer ${token}` } } : undefined;
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit }));
  return client;
}

it("--http refuses a request without its token (printed once at start) or with a wrong one: 401", {
  timeout: 120_000,
}, async () => {
  const entry = servedApis.find((a) => a.name === "middletwin")!;
  const server = await startHttp([entry.name, "--mock"], mockPortEnv(entry));
  try {
    const token = /specforge-mcp: token (\S+) /.exec(server.stderr())?.[1];
    expect(token, server.stderr()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const refused of [await refusal(httpClient(server.url)), await refusal(httpClient(server.url, `${token}x`))]) {
      expect(refused.code).toBe(401);
      expect(refused.message).toContain("unauthorized: send Authorization: Bearer <token>");
    }
    expect(await rawStatus(server.url, {})).toBe(401);
    expect(await rawStatus(server.url, { authorization: `Bearer ${token!.slice(1)}` })).toBe(401);
    const client = await httpClient(server.url, token);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["search", "execute"]);
    await client.close();
    expect(server.stderr().split(token!).length - 1, "the token is printed once").toBe(1);
  } finally {
    await server.stop();
  }
});

it("--http takes its token from SPECFORGE_MCP_TOKEN; --no-auth serves without one, with a warning", {
  timeout: 120_000,
}, async () => {
  const entry = servedApis.find((a) => a.name === "middletwin")!;
  const chosen = `token-${Math.random().toString(36).slice(2)}`;
  const withToken = await startHttp([entry.name, "--mock"], { ...mockPortEnv(entry), SPECFORGE_MCP_TOKEN: chosen });
  try {
    expect(withToken.stderr()).not.toContain(chosen);
    expect((await refusal(httpClient(withToken.url))).code).toBe(401);
    const client = await httpClient(withToken.url, chosen);
    expect((await client.listTools()).tools).toHaveLength(2);
    await client.close();
  } finally {
    await withToken.stop();
  }
  const open = await startHttp([entry.name, "--mock", "--no-auth"], mockPortEnv(entry));
  try {
    expect(open.stderr()).toContain("WARNING --no-auth");
    const client = await httpClient(open.url);
    expect((await client.listTools()).tools).toHaveLength(2);
    await client.close();
  } finally {
    await open.stop();
  }
});

it("--http --mode tools serves Streamable HTTP on 127.0.0.1, and stops on SIGTERM", { timeout: 120_000 }, async () => {
  const entry = servedApis.find((a) => a.name === "middletwin")!;
  const token = `token-${Math.random().toString(36).slice(2)}`;
  const server = await startHttp([entry.name, "--mode", "tools", "--mock"], {
    ...mockPortEnv(entry),
    SPECFORGE_MCP_TOKEN: token,
  });
  const url = server.url;
  try {
    const client = await httpClient(url, token);
    const { tools } = await client.listTools();
    expect(tools.length).toBe(expectedTools(readJson(entry.bundle)).filter((t) => t.read).length);
    const result: any = await client.callTool({ name: "get_tenant", arguments: { subdomain: "demo" } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.success).toBe(true);
    await client.close();
    // Another Host header (a DNS-rebinding page) is refused, token or not.
    expect(await rawStatus(url, { host: "evil.example", authorization: `Bearer ${token}` })).toBe(403);
  } finally {
    await server.stop();
  }
});

it("code mode (the default) over stdio: search and execute, one read through the sandbox", {
  timeout: 120_000,
}, async () => {
  const entry = servedApis.find((a) => a.name === "trustedtwin")!;
  const secrets = secretEnv(entry, "code-stdio");
  const { client, stderr } = await overStdio([entry.name], { ...mockEnv(entry, urls), ...secrets });
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(["search", "execute"]);
  const result: any = await client.callTool({
    name: "execute",
    arguments: { code: "const me = await client.who_am_i();\nconsole.log('account', me.account);\nreturn me;" },
  });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(Object.keys(JSON.parse(result.content[0].text))).toContain("account");
  expect(result.content[1].text).toMatch(/^console:\naccount /);
  await client.close();
  expect(stderr()).toMatch(/execute: ok \(1 calls; check \d+ ms, run \d+ ms\)/);
  for (const secret of Object.values(secrets)) expect(`${stderr()}${JSON.stringify(result)}`).not.toContain(secret);
});
