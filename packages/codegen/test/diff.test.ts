// `npm run diff`: changes between a git ref and the working tree, per REST operation and per RPC
// action, in both directions (breaking and not) for each API style, on a scratch git repository
// made from the fixtures.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compareDocuments, diffSpecs, runDiffCli } from "../src/diff.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
let repo: string;

const git = (...args: string[]) => {
  const r = spawnSync(
    "git",
    ["-c", "user.name=test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false", ...args],
    { cwd: repo, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

async function edit(file: string, search: string, replace: string) {
  const full = path.join(repo, file);
  const text = await fs.readFile(full, "utf8");
  if (!text.includes(search)) throw new Error(`${file}: ${search} not found`);
  await fs.writeFile(full, text.replace(search, replace));
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDiffCli(args, {
    repoRoot: repo,
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  repo = await fs.mkdtemp(path.join(os.tmpdir(), "specforge-diff-test-"));
  await fs.cp(path.join(here, "fixtures"), repo, { recursive: true });
  const config = await fs.readFile(path.join(repo, "redocly.yaml"), "utf8");
  await fs.writeFile(
    path.join(repo, "redocly.yaml"),
    config.replace("../../src/redocly-plugin.cjs", path.join(here, "..", "src", "redocly-plugin.cjs")),
  );
  for (const name of ["rpc", "rest"]) {
    await fs.mkdir(path.join(repo, "out", name), { recursive: true });
    await fs.writeFile(
      path.join(repo, "out", name, "package.json"),
      JSON.stringify({ name: `@fixture/${name}`, version: "0.1.0" }),
    );
  }
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "fixtures");
});
beforeEach(() => {
  git("checkout", "-q", "--", ".");
});
afterAll(async () => {
  await fs.rm(repo, { recursive: true, force: true });
});

describe("RPC API: per action", () => {
  it("a removed action is breaking, named by the action; exit code 1", async () => {
    await edit("rpc.yaml", "        - $ref: '#/components/schemas/ListThingsRequest'\n", "");
    await edit("rpc.yaml", "          list_things: '#/components/schemas/ListThingsRequest'\n", "");
    const { code, out } = await run("HEAD");
    expect(code).toBe(1);
    expect(out).toMatch(/rpc \(@fixture\/rpc\): 1 breaking/);
    expect(out).toMatch(
      /✖ breaking {2}action list_things \(POST \/rpc, "list_things" in the body\)\n.*\[removed\] action list_things/,
    );
    expect(out).toMatch(/1 breaking change\(s\): rpc \(list_things\)/);
  });

  it("an added action is not breaking", async () => {
    const report = await diffSpecs({ repoRoot: repo, base: "HEAD" });
    expect(report.breaking).toBe(0);
    // the reverse: compare a document without list_things to one with it
    const { bundled } = await bundledPair();
    const without = structuredClone(bundled);
    const union = without.components.schemas.Request;
    union.oneOf = union.oneOf.filter((r: { $ref: string }) => !r.$ref.endsWith("/ListThingsRequest"));
    delete union.discriminator.mapping.list_things;
    const entries = compareDocuments(without, bundled);
    expect(entries).toEqual([
      expect.objectContaining({ kind: "action", name: "list_things", severity: "non-breaking" }),
    ]);
  });

  it("an optional field added to one action's response is non-breaking under that action; exit code 0", async () => {
    await edit(
      "rpc.yaml",
      "        pong: {type: boolean}\n",
      "        pong: {type: boolean}\n        latencyMs: {type: integer}\n",
    );
    const { code, out } = await run("HEAD");
    expect(code).toBe(0);
    expect(out).toMatch(
      /✔ non-breaking {2}action ping \(POST \/rpc, "ping" in the body\)\n.*non-breaking +\[Added\] property `latencyMs` in Response 200/,
    );
    expect(out).toMatch(/No breaking change\./);
  });

  it("a new required field in one action's request is breaking for that action only", async () => {
    await edit(
      "rpc.yaml",
      "      required: [op]\n      additionalProperties: false\n      x-provenance: inferred",
      "      required: [op, scope]\n      additionalProperties: false\n      x-provenance: inferred",
    );
    await edit(
      "rpc.yaml",
      "        offset: {type: integer}\n",
      "        offset: {type: integer}\n        scope: {type: string}\n",
    );
    await edit(
      "rpc.yaml",
      "examples: [{op: list_things, limit: 1}]",
      "examples: [{op: list_things, limit: 1, scope: all}]",
    );
    const report = await diffSpecs({ repoRoot: repo, base: "HEAD" });
    const rpc = report.apis.find((a: { api: string }) => a.api === "rpc");
    expect(rpc.entries.map((e: { name: string; severity: string }) => [e.name, e.severity])).toEqual([
      ["list_things", "breaking"],
    ]);
    expect(rpc.entries[0].changes[0].description).toMatch(/required.*`scope`.*Request Body/);
  });

  it("an action that starts to need credentials is breaking; paging removed is breaking (specforge rules)", async () => {
    await edit("rpc.yaml", "        idempotent: true\n        security: []\n", "        idempotent: true\n");
    await edit(
      "rpc.yaml",
      "        pagination: {style: offset, items: things, limitParam: limit, offsetParam: offset}\n",
      "",
    );
    const report = await diffSpecs({ repoRoot: repo, base: "HEAD", only: ["rpc"] });
    const [ping, list] = ["ping", "list_things"].map((n) =>
      report.apis[0].entries.find((e: { name: string }) => e.name === n),
    );
    expect(ping.severity).toBe("breaking");
    expect(ping.changes[0].description).toBe("[Changed] credentials: none -> Key");
    expect(list.severity).toBe("breaking");
    expect(list.changes[0].description).toMatch(/x-pagination removed: the client loses paginate/);
  });
});

describe("REST API: per operation", () => {
  it("a query parameter made required is breaking, named by the operation; exit code 1", async () => {
    await edit(
      "rest.yaml",
      "        - {name: after, in: query, schema: {type: string}}",
      "        - {name: after, in: query, required: true, schema: {type: string}}",
    );
    const { code, out } = await run("HEAD");
    expect(code).toBe(1);
    expect(out).toMatch(/✖ breaking {2}operation list_things \(GET \/things\)\n.*required query parameter `after`/);
  });

  it("a required query parameter made optional is not breaking", async () => {
    await edit(
      "rest.yaml",
      "        - {name: after, in: query, schema: {type: string}}",
      "        - {name: after, in: query, required: true, schema: {type: string}}",
    );
    git("commit", "-q", "-am", "after is required");
    try {
      git("checkout", "-q", "HEAD~1", "--", "rest.yaml");
      const { code, out } = await run("HEAD");
      expect(code).toBe(0);
      expect(out).toMatch(/✔ non-breaking {2}operation list_things/);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("an optional response field is non-breaking; exit code 0; JSON form", async () => {
    await edit(
      "rest.yaml",
      "                  things: {type: array, items: {type: string}}\n",
      "                  things: {type: array, items: {type: string}}\n                  total: {type: integer}\n",
    );
    const { code, out } = await run("HEAD", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.breaking).toBe(0);
    const rest = report.apis.find((a: { api: string }) => a.api === "rest");
    expect(rest.package).toBe("@fixture/rest");
    expect(rest.entries).toEqual([
      expect.objectContaining({
        kind: "operation",
        name: "list_things",
        method: "GET",
        path: "/things",
        severity: "non-breaking",
      }),
    ]);
    expect(rest.entries[0].changes[0]).toMatchObject({
      type: "non-breaking",
      change: "add",
      pointer: expect.stringContaining("/properties/total"),
    });
  });

  it("a removed (optional) response field and a changed success status are breaking; example edits are annotations", async () => {
    await edit(
      "rest.yaml",
      "                  paging: {type: object, properties: {next: {type: [string, 'null']}}}\n",
      "",
    );
    await edit("rest.yaml", "{value: {things: [a], paging: {next: c2}}}", "{value: {things: [a]}}");
    await edit("rest.yaml", "{value: {things: [b], paging: {next: null}}}", "{value: {things: [b]}}");
    await edit("rest.yaml", "        '201': {description: Created.}", "        '200': {description: Created.}");
    const report = await diffSpecs({ repoRoot: repo, base: "HEAD", only: ["rest"] });
    const byName = Object.fromEntries(
      report.apis[0].entries.map((e: { name: string; severity: string }) => [e.name, e.severity]),
    );
    expect(byName).toEqual({ list_things: "breaking", create_thing: "breaking" });
    const list = report.apis[0].entries.find((e: { name: string }) => e.name === "list_things");
    expect(list.changes.map((c: { type: string }) => c.type)).toEqual(["breaking", "annotation", "annotation"]);
  });

  it("an unknown ref is a one-line failure with exit code 2", async () => {
    const { code, err } = await run("no-such-ref");
    expect(code).toBe(2);
    expect(err).toMatch(/^diff failed: git rev-parse/);
    expect((await run()).code).toBe(2);
  });
});

async function bundledPair() {
  const { loadRegistry, buildApi } = await import("../src/index.mjs");
  const registry = await loadRegistry(repo);
  return buildApi(
    registry.apis.find((a: { name: string }) => a.name === "rpc"),
    repo,
  );
}
