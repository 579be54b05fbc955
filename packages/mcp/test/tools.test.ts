// tools/list against the spec, through the official SDK client: one tool per operation and per
// RPC action, reads only unless --allow-writes, names and descriptions as MCP clients need them,
// input schemas that are valid JSON Schema and accept the docs samples' arguments, output schemas
// only where the negotiated protocol version has them.
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  connect,
  createMcpService,
  expectedTools,
  PKG_ROOT,
  readJson,
  repositoryApis,
  sampleArguments,
  servedApis,
} from "./helpers.js";

const quiet = () => {};

it("serves every API of the repository's client packages except token endpoints", () => {
  const expected = repositoryApis();
  expect(expected.length).toBeGreaterThan(0);
  expect(servedApis.map((a) => a.name)).toEqual(expected);
});

describe.each(servedApis)("$name", (entry) => {
  const doc = readJson(entry.bundle);
  const expected = expectedTools(doc);
  const reads = expected.filter((t) => t.read).map((t) => t.name);

  it("tools/list: the reads only by default, every operation with --allow-writes", async () => {
    const readOnly = await connect(await createMcpService({ mode: "tools", api: entry.name, mock: true, log: quiet }));
    const all = await connect(
      await createMcpService({ mode: "tools", api: entry.name, mock: true, allowWrites: true, log: quiet }),
    );
    const listed = (await readOnly.listTools()).tools;
    const listedAll = (await all.listTools()).tools;
    expect(listed.map((t) => t.name)).toEqual(reads);
    expect(listedAll.map((t) => t.name)).toEqual(expected.map((t) => t.name));
    console.log(`${entry.name}: ${listed.length} tools read-only, ${listedAll.length} with --allow-writes`);
    for (const tool of listedAll) {
      const spec = expected.find((t) => t.name === tool.name)!;
      expect(tool.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(spec.read);
      expect(tool.description, tool.name).toBeTruthy();
      expect(
        tool.description!.includes("*Inferred*: not in the provider's documentation."),
        `${tool.name}: the Inferred note`,
      ).toBe(spec.inferred);
      expect(tool.description!.includes("Changes data."), tool.name).toBe(!spec.read);
      expect(tool.inputSchema.type).toBe("object");
      if (tool.outputSchema) expect(tool.outputSchema.type).toBe("object");
    }
    await readOnly.close();
    await all.close();
  });

  it("the READMEs' tool counts are the spec's (client package README, this package's README)", () => {
    const counts = `${reads.length} reads; ${expected.length} with \`--allow-writes\``;
    expect(fs.readFileSync(path.join((entry as any).packageDir, "README.md"), "utf8")).toContain(`(${counts})`);
    expect(fs.readFileSync(path.join(PKG_ROOT, "README.md"), "utf8")).toContain(` ${reads.length} (${expected.length}`);
  });

  it("every input schema is valid JSON Schema (2020-12, strict) and accepts the docs sample's arguments", async () => {
    const service = await createMcpService({
      mode: "tools",
      api: entry.name,
      mock: true,
      allowWrites: true,
      log: quiet,
    });
    const client = await connect(service);
    const { tools } = await client.listTools();
    const samples = sampleArguments(entry);
    // Formats count: some parameters are a oneOf that only `format: uuid` makes exclusive.
    const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true, strictRequired: false }));
    let checked = 0;
    for (const tool of tools) {
      expect(ajv.validateSchema(tool.inputSchema), `${tool.name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
      const validate = ajv.compile(tool.inputSchema);
      if (tool.outputSchema) {
        expect(ajv.validateSchema(tool.outputSchema), `${tool.name} output: ${ajv.errorsText(ajv.errors)}`).toBe(true);
        ajv.compile(tool.outputSchema);
      }
      const args = samples.get(tool.name);
      expect(args, `${tool.name} has a docs sample`).toBeDefined();
      expect(validate(args), `${tool.name} ${JSON.stringify(args)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBe(expected.length);
    await client.close();
  });
});

/** The RPC operation of an API (the one path whose body's discriminator names the action), if it has one. */
const rpcOperation = (entry: (typeof servedApis)[number]) =>
  Object.values<any>(readJson(entry.bundle).paths)
    .flatMap((item) => Object.values<any>(item))
    .find((op) => op?.["x-rpc"]);
const rpcApis = servedApis.filter((entry) => rpcOperation(entry));

it("the repository serves at least one RPC API (the discriminator test below runs on each)", () => {
  expect(rpcApis.length).toBeGreaterThan(0);
});

describe.each(rpcApis)("$name (RPC)", (entry) => {
  it("an RPC action's tool takes the action's parameters; the server fills in the discriminator", async () => {
    const service = await createMcpService({
      mode: "tools",
      api: entry.name,
      mock: true,
      allowWrites: true,
      log: quiet,
    });
    const discriminator = rpcOperation(entry)["x-rpc"].discriminator;
    expect(discriminator).toBeTypeOf("string");
    expect(service.tools.length).toBeGreaterThan(0);
    for (const { tool } of service.tools) {
      expect(Object.keys(tool.inputSchema.properties), tool.name).not.toContain(discriminator);
      expect(tool.inputSchema.required ?? [], tool.name).not.toContain(discriminator);
    }
  });
});

describe("output schemas follow the negotiated protocol version", () => {
  const entry = servedApis.find((a) => a.name === "trustedtwin")!;

  async function listWith(protocolVersion: string) {
    const service = await createMcpService({ mode: "tools", api: entry.name, mock: true, log: quiet });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await service.newServer().connect(serverSide);
    const answers = new Map<number, any>();
    clientSide.onmessage = (message: any) => answers.set(message.id, message);
    await clientSide.start();
    await clientSide.send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion, capabilities: {}, clientInfo: { name: "old", version: "1" } },
    });
    await clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    await clientSide.send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    await expect.poll(() => answers.get(2)).toBeDefined();
    await clientSide.close();
    expect(answers.get(1).result.protocolVersion).toBe(protocolVersion);
    return answers.get(2).result.tools as Array<{ name: string; outputSchema?: object }>;
  }

  it("2025-06-18 and later: the 2xx response as outputSchema; 2025-03-26: none", async () => {
    expect((await listWith("2025-06-18")).filter((t) => t.outputSchema).length).toBeGreaterThan(0);
    expect((await listWith("2025-03-26")).filter((t) => t.outputSchema)).toEqual([]);
  });
});

describe("narrowing the list", () => {
  const entry = servedApis.find((a) => a.name === "middletwin")!;
  const expected = expectedTools(readJson(entry.bundle));

  it("--tags serves the tools of those tags; --tools those names; both: the tools matching both", async () => {
    const tag = expected[0].tags[0];
    const byTag = await createMcpService({
      mode: "tools",
      api: entry.name,
      mock: true,
      allowWrites: true,
      tags: [tag],
      log: quiet,
    });
    expect(byTag.tools.map((t: any) => t.name)).toEqual(
      expected.filter((t) => t.tags.includes(tag)).map((t) => t.name),
    );
    const names = expected
      .filter((t) => t.read)
      .slice(0, 2)
      .map((t) => t.name);
    const byName = await createMcpService({ mode: "tools", api: entry.name, mock: true, tools: names, log: quiet });
    expect(byName.tools.map((t: any) => t.name)).toEqual(names);
  });

  it("an unknown tool or tag, or a write without --allow-writes, fails with one line naming the fix", async () => {
    await expect(
      createMcpService({ mode: "tools", api: entry.name, mock: true, tools: ["nope"], log: quiet }),
    ).rejects.toThrow(/^unknown tool "nope"; this API has /);
    await expect(
      createMcpService({ mode: "tools", api: entry.name, mock: true, tags: ["Nope"], log: quiet }),
    ).rejects.toThrow(/^unknown tag "Nope"; this API's tags are /);
    const write = expected.find((t) => !t.read)!.name;
    await expect(
      createMcpService({ mode: "tools", api: entry.name, mock: true, tools: [write], log: quiet }),
    ).rejects.toThrow(`${write} can change data; add --allow-writes to serve it`);
  });

  it("an API that only serves its client (a token endpoint) and an unknown API are refused", async () => {
    await expect(createMcpService({ mode: "tools", api: "midaxo-oauth", mock: true, log: quiet })).rejects.toThrow(
      /is used by the midaxo client itself/,
    );
    await expect(createMcpService({ mode: "tools", api: "nope", cwd: process.cwd(), log: quiet })).rejects.toThrow(
      /^unknown API "nope": installed client packages serve /,
    );
  });

  it("a missing credential fails at start, naming the variable and --mock", async () => {
    const entryTT = servedApis.find((a) => a.name === "trustedtwin")!;
    const secretVar = Object.values<any>(entryTT.client.options).find((o) => o?.env && o.default === undefined).env;
    await expect(createMcpService({ mode: "tools", api: "trustedtwin", env: {}, log: quiet })).rejects.toThrow(
      `trustedtwin: set ${secretVar}`,
    );
  });
});
