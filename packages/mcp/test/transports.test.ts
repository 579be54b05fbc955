// The command an MCP client starts: `specforge-mcp <api>` over stdio (what Claude Desktop, Cursor
// or VS Code run), and `--http` (Streamable HTTP on 127.0.0.1), driven by the official SDK's
// client transports against the real mocks.
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
  it("lists the read tools and answers one read from the mock", async () => {
    const { client, stderr } = await overStdio([entry.name, "--mock"], mockPortEnv(entry));
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

it("stdio with real credentials: no secret on stderr or in any result", async () => {
  const entry = servedApis.find((a) => a.name === "trustedtwin")!;
  const secrets = secretEnv(entry, "stdio");
  const { client, stderr } = await overStdio([entry.name], { ...mockEnv(entry, urls), ...secrets });
  const results = [
    await client.callTool({ name: "who_am_i", arguments: {} }),
    await client.callTool({ name: "get_twin", arguments: { path: { twin: "nope" } } }),
  ];
  await client.close();
  const everything = `${stderr()}\n${JSON.stringify(results)}`;
  expect(stderr()).toContain("call who_am_i: ok");
  for (const secret of Object.values(secrets)) expect(everything).not.toContain(secret);
});

it("--http serves Streamable HTTP on 127.0.0.1, and stops on SIGTERM", async () => {
  const entry = servedApis.find((a) => a.name === "middletwin")!;
  const child: ChildProcess = spawn(process.execPath, [CLI, entry.name, "--mock", "--http", "--port", "0"], {
    env: { ...baseEnv, ...mockPortEnv(entry) },
    cwd: PKG_ROOT,
  });
  try {
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on("data", (chunk) => {
        stderr += chunk;
        const found = /Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (found) resolve(found[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const client = new Client({ name: "http-test", version: "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const { tools } = await client.listTools();
    expect(tools.length).toBe(expectedTools(readJson(entry.bundle)).filter((t) => t.read).length);
    const result: any = await client.callTool({ name: "get_tenant", arguments: { subdomain: "demo" } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.success).toBe(true);
    await client.close();
    // Another Host header (a DNS-rebinding page) is refused.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          headers: {
            host: "evil.example",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }));
    });
    expect(status).toBe(403);
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});
