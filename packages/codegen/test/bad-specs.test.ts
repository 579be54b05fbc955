// The bad-spec corpus (bad-specs/cases.ts) through the generator's CLI entry point: exit code 1,
// one `file:line:col severity rule: message` line per problem, no stack trace, and no file of any
// API written (generation is all-or-nothing across APIs).
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, runGenerateCli } from "../src/index.mjs";
import { BAD_SPECS, type BadSpec } from "./bad-specs/cases.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, "..", "src", "cli.mjs");
const LINE = /^[^\s:][^:]*:\d+:\d+ (error|warn) [\w/.-]+: \S.*$/;
const STALE = "// stale: must survive a failed run\n";
let template: string;
const dirs: string[] = [];

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

async function snapshot(dir: string) {
  const files = await listFiles(path.join(dir, "out"));
  return new Map(
    await Promise.all(
      files.map(
        async (f) => [path.relative(dir, f), `${(await fs.stat(f)).mtimeMs} ${await fs.readFile(f, "utf8")}`] as const,
      ),
    ),
  );
}

/** A copy of the fixtures, generated once, every output then made stale (a write would show). */
beforeAll(async () => {
  template = await fs.mkdtemp(path.join(os.tmpdir(), "specforge-bad-"));
  dirs.push(template);
  await fs.cp(path.join(here, "fixtures"), template, { recursive: true });
  const config = await fs.readFile(path.join(template, "redocly.yaml"), "utf8");
  await fs.writeFile(
    path.join(template, "redocly.yaml"),
    config.replace("../../src/redocly-plugin.cjs", path.join(here, "..", "src", "redocly-plugin.cjs")),
  );
  await generate({ repoRoot: template, log: () => {} });
  for (const f of await listFiles(path.join(template, "out"))) await fs.appendFile(f, STALE);
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function broken(spec: BadSpec) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "specforge-bad-"));
  dirs.push(dir);
  await fs.cp(template, dir, { recursive: true, preserveTimestamps: true });
  for (const [file, search, replace] of spec.edit ?? []) {
    const text = await fs.readFile(path.join(dir, file), "utf8");
    const next = text.replace(search, replace);
    if (next === text) throw new Error(`${spec.name}: the edit of ${file} matched nothing`);
    await fs.writeFile(path.join(dir, file), next);
  }
  for (const [file, content] of Object.entries(spec.files ?? {})) {
    if (content === null) await fs.rm(path.join(dir, file));
    else await fs.writeFile(path.join(dir, file), content);
  }
  return dir;
}

describe("the bad-spec corpus", () => {
  it("has at least 25 cases, each with its own name", () => {
    expect(BAD_SPECS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(BAD_SPECS.map((s) => s.name)).size).toBe(BAD_SPECS.length);
  });

  it.each(BAD_SPECS.map((s) => [s.name, s] as const))(
    "%s: exit 1, one line per problem, nothing written",
    async (_name, spec) => {
      const dir = await broken(spec);
      const before = await snapshot(dir);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runGenerateCli([], {
        repoRoot: dir,
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
      });
      expect(code).toBe(1);
      expect(out).toEqual([]);
      const [summary, ...rest] = [err.at(-1)!, ...err.slice(0, -1)];
      expect(summary).toMatch(/^generate: \d+ problem\(s\); no file was written$/);
      for (const line of rest) expect(line, "one line per problem").toMatch(LINE);
      expect(
        rest.some((line) => spec.expect.test(line)),
        `expected ${spec.expect} in:\n${rest.join("\n")}`,
      ).toBe(true);
      expect(err.join("\n")).not.toMatch(/\n\s+at |Error: /);
      expect(await snapshot(dir), "no generated file of any API changes").toEqual(before);
    },
  );
});

describe("the CLI process", () => {
  // The same entry point as a process (as `npm run generate` runs it): three kinds of input that
  // used to end in a stack trace.
  const sample = [
    "YAML syntax error (bad indentation)",
    "binary root file (PNG)",
    "empty referenced file",
    "dangling local $ref",
  ];
  it.each(sample)("%s: exit code 1, lines on stderr, no stack trace", async (name) => {
    const dir = await broken(BAD_SPECS.find((s) => s.name === name)!);
    const before = await snapshot(dir);
    const result = spawnSync(process.execPath, [cli], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr
      .trim()
      .split("\n")
      .filter((l) => !/Node\.js 20|^\s*[│╭╰┌└]/.test(l) && l.trim());
    expect(lines.at(-1)).toMatch(/^generate: \d+ problem\(s\); no file was written$/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(LINE);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(dir)).toEqual(before);
  });
});
