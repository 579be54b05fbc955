// Figure: the MCP server's cost to an agent. (1) The size of `tools/list` (what an agent holds in
// its context before it does anything) for each API: code mode (search + execute, the default),
// the per-operation tools mode (reads only, and with --allow-writes), and a peer generator's
// one-tool-per-operation server for the same spec (openapi-mcp-generator, its tool list as its
// generated server answers tools/list). (2) The time of `execute` for a one-call snippet (type
// check plus sandbox run) against the same call as a per-operation tool, both against a local mock.
import fs from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { startMock } from "@specforge/mock";
import { getToolsFromOpenApi } from "openapi-mcp-generator";
import { createMcpService } from "@specforge/mcp";
import { absoluteRow, ratioRow } from "../rows.mjs";
import { fmt, repoRoot, stats, versionOf } from "../util.mjs";

export const FIGURE = "MCP server: tools/list size and execute time";

const APIS = ["trustedtwin", "middletwin", "midaxo"];
const MCP_DIR = path.join(repoRoot, "packages", "mcp");
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

async function listBytes(service) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await service.newServer().connect(serverSide);
  const client = new Client({ name: "bench", version: "0.0.0" });
  await client.connect(clientSide);
  const listed = await client.listTools();
  await client.close();
  return { bytes: Buffer.byteLength(JSON.stringify(listed)), tools: listed.tools.length };
}

/** The peer's tools/list: its generated server maps each definition to { name, description, inputSchema }. */
async function peerBytes(bundle) {
  const doc = JSON.parse(fs.readFileSync(bundle, "utf8"));
  const quiet = console.warn;
  console.warn = () => {};
  try {
    const tools = await getToolsFromOpenApi(doc, { dereference: true });
    const list = { tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
    return { bytes: Buffer.byteLength(JSON.stringify(list)), tools: tools.length };
  } finally {
    console.warn = quiet;
  }
}

export async function mcpFigure({ runs, log, quick = false }) {
  const rows = [];
  const details = [];
  const quiet = () => {};
  const table = [
    "| API | code mode | code mode, --allow-writes | tools mode, reads | tools mode, --allow-writes | openapi-mcp-generator |",
    "|---|---|---|---|---|---|",
  ];
  // --quick: one API's sizes (the RPC one, where the peer sees a single operation), reads only.
  for (const api of quick ? ["middletwin"] : APIS) {
    const sizes = {};
    for (const mode of ["code", "tools"])
      for (const allowWrites of quick ? [false] : [false, true]) {
        const service = await createMcpService({ api, mode, mock: true, allowWrites, cwd: MCP_DIR, log: quiet });
        sizes[`${mode}${allowWrites ? "+writes" : ""}`] = await listBytes(service);
        await service.close();
      }
    const service = await createMcpService({ api, mode: "tools", mock: true, cwd: MCP_DIR, log: quiet });
    sizes.peer = await peerBytes(service.api.bundle);
    // --quick lists no --allow-writes variant: its cells repeat the reads-only size, marked.
    if (quick) for (const mode of ["code", "tools"]) sizes[`${mode}+writes`] = { ...sizes[mode], skipped: true };
    const cell = (s) => (s.skipped ? "not measured (--quick)" : `${kB(s.bytes)} (${s.tools} tools)`);
    table.push(
      `| ${api} | ${cell(sizes.code)} | ${cell(sizes["code+writes"])} | ${cell(sizes.tools)} | ${cell(sizes["tools+writes"])} | ${cell(sizes.peer)} |`,
    );
    log(
      `  mcp ${api}: tools/list code ${kB(sizes.code.bytes)}, tools ${kB(sizes.tools.bytes)}${quick ? "" : ` / ${kB(sizes["tools+writes"].bytes)}`}, peer ${kB(sizes.peer.bytes)}`,
    );
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `${api}: tools/list in code mode (the default)`,
        values: [sizes.code.bytes / 1000],
        format: (v) => `${v.toFixed(1)} kB`,
        target: { max: 4.096, text: "≤ 4 kB" },
        extra: ` (tools mode ${kB(sizes.tools.bytes)} reads${quick ? "" : `, ${kB(sizes["tools+writes"].bytes)} with writes`}; openapi-mcp-generator ${kB(sizes.peer.bytes)}, ${sizes.peer.tools} tools)`,
      }),
    );
  }
  details.push(
    "`tools/list` as an MCP client receives it (JSON bytes of the result, through the SDK's in-memory transport):",
    "",
    ...table,
    "",
    `openapi-mcp-generator ${versionOf("openapi-mcp-generator")}: \`getToolsFromOpenApi(spec, { dereference: true })\` on the same bundled spec, each tool as its generated server lists it (name, description, inputSchema); it has no read-only mode, and sees middletwin's RPC as its one wire operation.`,
    "",
  );

  // --quick stops at the sizes: the execute timing needs the TypeScript language service warmed
  // over the client's .d.ts, which alone took most of the quick run's mcp time on a busy machine.
  if (quick) return { id: "mcp", title: FIGURE, rows, details };

  // execute (type check + sandbox + one call) against the same call as a per-operation tool.
  const mock = await startMock({ api: "trustedtwin", port: 0, stateless: true });
  const env = { TRUSTEDTWIN_BASE_URL: mock.url, TRUSTEDTWIN_SECRET: "bench-secret" };
  const times = { execute: [], tool: [], check: [], run: [] };
  let warmMs;
  try {
    const lines = [];
    const code = await createMcpService({ api: "trustedtwin", env, cwd: MCP_DIR, log: (l) => lines.push(l) });
    const tools = await createMcpService({ api: "trustedtwin", mode: "tools", env, cwd: MCP_DIR, log: quiet });
    const t0 = performance.now();
    await code.warm();
    warmMs = performance.now() - t0;
    const snippet = `return await client.get_twin({ path: { twin: "${TWIN}" } });`;
    const rounds = runs.mcp ?? 10;
    for (let i = 0; i < 2; i++) {
      await code.callTool("execute", { code: snippet });
      await tools.callTool("get_twin", { path: { twin: TWIN } }, true);
    }
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const result = await code.callTool("execute", { code: snippet });
      times.execute.push(performance.now() - t);
      if (result.isError) throw new Error(`execute failed: ${result.content[0].text}`);
      const [, check, run] = /check (\d+) ms, run (\d+) ms/.exec(lines.at(-1)) ?? [];
      times.check.push(Number(check));
      times.run.push(Number(run));
      t = performance.now();
      const direct = await tools.callTool("get_twin", { path: { twin: TWIN } }, true);
      times.tool.push(performance.now() - t);
      if (direct.isError) throw new Error(`get_twin failed: ${direct.content[0].text}`);
    }
    await code.close();
    log(
      `  mcp execute p50 ${fmt.ms(stats(times.execute).median)} (check ${fmt.ms(stats(times.check).median)}, run ${fmt.ms(stats(times.run).median)}) vs tool ${fmt.ms(stats(times.tool).median)}; warm-up ${fmt.ms(warmMs)}`,
    );
  } finally {
    await mock.stop();
  }
  rows.push(
    ratioRow({
      figure: FIGURE,
      measure: "trustedtwin get_twin: execute (type check + sandbox run) ÷ the per-operation tool call",
      a: { name: "execute", values: times.execute },
      b: { name: "tool", values: times.tool },
      format: fmt.ms,
      chart: false,
    }),
    absoluteRow({
      figure: FIGURE,
      measure: "trustedtwin get_twin via execute: the type check's share",
      values: times.check,
      format: fmt.ms,
      extra: ` (sandbox run with the call ${fmt.ms(stats(times.run).median)} p50; warm-up at start, once: ${fmt.ms(warmMs)})`,
    }),
  );
  details.push(
    `Execute: one server in code mode (warmed at start: the TypeScript language service over the client's .d.ts, and a QuickJS worker) and one in tools mode, both calling a stateless Trusted Twin mock on this machine; \`return await client.get_twin({ path: { twin } })\` against \`get_twin\` with the same arguments, ${times.execute.length} interleaved rounds after 2 warm-up calls each, timed from before each call. The check and run split comes from the server's own log line.`,
  );
  return { id: "mcp", title: FIGURE, rows, details };
}
