// The docs' code samples are tested like code. Every `x-codeSamples` entry of every docs view:
// - TypeScript: written into a consumer project (outside the workspace, depending on the built
//   packages), type-checked in ONE strict `tsc` run as a user would compile it, then run with
//   plain Node against the mocks (only the environment differs: the registry's `mockEnv` points
//   the sample's base URL at the mock, the credentials get placeholder values);
// - curl: parsed into a request (no curl binary needed), its server swapped for the mock's URL,
//   sent with fetch; the mock must answer 2xx.
// A sample that does not compile, throws or gets an error fails the test, naming the operation.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry, outputPaths } from "@specforge/codegen";
import { parseCurl, SAMPLE_LABELS } from "@specforge/codegen/samples";
import { startMocks } from "@specforge/mock";
import { sampleConsumer } from "./sample-consumer.js";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface CodeSample {
  lang: string;
  label: string;
  source: string;
}
interface Sample {
  api: string;
  operationId: string;
  typescript: string;
  curl: string;
  /** Whether the operation's success answer has a body (one the sample can use and print). */
  answers: boolean;
}
interface ApiInfo {
  name: string;
  servers: string[];
  mockEnv: Record<string, string>;
}

let project: string;
let mocks: Awaited<ReturnType<typeof startMocks>> | undefined;
let mockUrls: Record<string, string> = {};
const samples: Sample[] = [];
const apis: ApiInfo[] = [];
const env: Record<string, string> = {};

// An operationId may hold characters a file name cannot (`get-/files/{id}`): those become `_`.
const file = (s: Sample) => `${s.api}/${s.operationId.replace(/[^\w.-]/g, "_")}`;
const describeSample = (s: Sample) => `${s.api} ${s.operationId}`;

beforeAll(async () => {
  const registry = await loadRegistry(repoRoot);
  for (const api of registry.apis as { name: string; client?: { mockEnv?: Record<string, string> } }[]) {
    const view = JSON.parse(fs.readFileSync(outputPaths(api).docsView, "utf8"));
    const setup = api.client ?? {};
    apis.push({
      name: api.name,
      servers: (view.servers ?? []).map((s: { url: string }) => s.url.replace(/\/$/, "")),
      mockEnv: setup.mockEnv ?? {},
    });
    type DocsOperation = {
      operationId?: string;
      "x-codeSamples"?: CodeSample[];
      responses?: Record<string, { content?: object }>;
    };
    for (const item of Object.values<Record<string, DocsOperation>>(view.paths)) {
      for (const op of Object.values(item)) {
        if (!op?.operationId) continue;
        const byLabel = new Map((op["x-codeSamples"] ?? []).map((c) => [c.label, c.source]));
        samples.push({
          api: api.name,
          operationId: op.operationId,
          typescript: byLabel.get(SAMPLE_LABELS.typescript) ?? "",
          curl: byLabel.get(SAMPLE_LABELS.curl) ?? "",
          answers: Object.entries(op.responses ?? {}).some(
            ([status, response]) => /^2/.test(status) && Object.keys(response?.content ?? {}).length > 0,
          ),
        });
      }
    }
  }
  mocks = await startMocks({ apis: apis.map((a) => a.name), ports: Object.fromEntries(apis.map((a) => [a.name, 0])) });
  mockUrls = Object.fromEntries(mocks.mocks.map((m) => [m.api, m.url]));
  // The environment a user would set: the registry's mockEnv points the samples at the mocks;
  // every other variable a sample reads is a credential and gets a placeholder.
  for (const api of apis) {
    for (const [name, value] of Object.entries(api.mockEnv))
      env[name] = value.replace(/\{mock:([^}]+)\}/g, (_, other: string) => mockUrls[other]!);
  }
  for (const s of samples) {
    for (const [, name] of `${s.typescript}\n${s.curl}`.matchAll(/(?:process\.env\.|\$)([A-Z][A-Z0-9_]*)/g))
      env[name!] ??= `sample-${name!.toLowerCase()}`;
  }

  const typescript = samples
    .filter((s) => s.typescript)
    .map((s) => [`${file(s)}.ts`, s.typescript!] as [string, string]);
  project = sampleConsumer(repoRoot, "samples", typescript);
}, 120_000);

afterAll(async () => {
  await mocks?.stop();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

/** One tsc run over the samples (it also emits them to dist/), whichever test needs it first. */
let compiling: Promise<string> | undefined;
function compiled(): Promise<string> {
  compiling ??= (async () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const started = performance.now();
    const output = await run(process.execPath, [tsc, "-p", "tsconfig.json"], {
      cwd: project,
      maxBuffer: 64 << 20,
    }).then(
      (r) => r.stdout,
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    console.log(`tsc: ${samples.length} TypeScript samples in ${Math.round(performance.now() - started)} ms`);
    return output;
  })();
  return compiling;
}

describe("code samples in the docs", () => {
  it("every operation and action has a TypeScript and a curl sample", () => {
    expect(samples.length).toBeGreaterThan(100);
    const missing = samples.filter((s) => !s.typescript || !s.curl).map(describeSample);
    expect(missing, "operations without a TypeScript or curl sample").toEqual([]);
  });

  it("every TypeScript sample compiles (strict, one tsc run against the built packages)", {
    timeout: 180_000,
  }, async () => {
    const output = await compiled();
    // Name the operation of every error: src/<api>/<operationId>.ts(line,col): error ...
    const errors = [...output.matchAll(/^src\/([^/]+)\/([^.]+)\.ts\((\d+),\d+\): (error .*)$/gm)].map(
      ([, api, op, line, message]) => `${api} ${op} (line ${line}): ${message}`,
    );
    expect(errors, "TypeScript samples that do not compile").toEqual([]);
    expect(output.trim()).toBe("");
  });

  it("every TypeScript sample runs against the mock without throwing", { timeout: 180_000 }, async () => {
    // One Node process imports the compiled samples one after another (each is a module with
    // top-level await) and reports each one's outcome.
    const runner = path.join(project, "run-samples.mjs");
    fs.writeFileSync(
      runner,
      `const files = JSON.parse(process.argv[2]);
const mockUrls = JSON.parse(process.argv[3]);
const results = [];
const log = console.log;
for (const file of files) {
  // Each sample stands alone in the docs: it runs on the mocks' seed (the spec's examples).
  await Promise.all(mockUrls.map((url) => fetch(url + "/__specforge/reset", { method: "POST" })));
  let printed = 0;
  console.log = () => { printed++; };
  const started = performance.now();
  let timer;
  try {
    await Promise.race([
      import("./dist/" + file + ".js"),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("did not finish within 15 s")), 15000); }),
    ]);
    results.push({ file, ok: true, printed, ms: Math.round(performance.now() - started) });
  } catch (error) {
    results.push({ file, ok: false, error: String(error?.stack ?? error).split("\\n").slice(0, 3).join(" | "), ms: Math.round(performance.now() - started) });
  } finally {
    clearTimeout(timer);
  }
}
console.log = log;
process.stdout.write(JSON.stringify(results));
process.exit(0);
`,
    );
    const files = samples.filter((s) => s.typescript).map(file);
    await compiled(); // emits dist/ even where a sample has a type error (the compile test names those)
    expect(fs.existsSync(path.join(project, "dist", `${files[0]}.js`)), "compiled samples").toBe(true);
    const started = performance.now();
    const { stdout } = await run(
      process.execPath,
      [runner, JSON.stringify(files), JSON.stringify(Object.values(mockUrls))],
      {
        cwd: project,
        env: { PATH: process.env.PATH ?? "", ...env },
        maxBuffer: 64 << 20,
      },
    );
    const results: { file: string; ok: boolean; printed?: number; error?: string; ms: number }[] = JSON.parse(stdout);
    console.log(`ran ${results.length} TypeScript samples in ${Math.round(performance.now() - started)} ms`);
    expect(results.length).toBe(files.length);
    const failed = results.filter((r) => !r.ok).map((r) => `${r.file.replace("/", " ")}: ${r.error}`);
    expect(failed, "TypeScript samples that threw against the mock").toEqual([]);
    // Samples of operations without a response body print nothing; every other one uses its result.
    const answering = new Set(samples.filter((s) => s.typescript && s.answers).map(file));
    expect(answering.size).toBeGreaterThan(0);
    const silent = results.filter((r) => r.printed === 0 && answering.has(r.file)).map((r) => r.file.replace("/", " "));
    expect(silent, "samples of operations with a response body that printed nothing").toEqual([]);
  });

  it("every curl sample's request gets a 2xx from the mock", { timeout: 120_000 }, async () => {
    const failed: string[] = [];
    const started = performance.now();
    for (const s of samples) {
      try {
        await mocks!.reset(); // each sample stands alone: it runs on the seed (the spec's examples)
        const request = parseCurl(s.curl, env);
        const owner = apis
          .flatMap((a) => a.servers.map((server) => ({ api: a.name, server })))
          .find((x) => request.url.startsWith(x.server));
        if (!owner) throw new Error(`URL ${request.url} is on no API's server`);
        const url = `${mockUrls[owner.api]}${request.url.slice(owner.server.length)}`;
        const response = await fetch(url, { method: request.method, headers: request.headers, body: request.body });
        const text = await response.text();
        if (response.status < 200 || response.status > 299)
          failed.push(`${describeSample(s)}: ${request.method} ${url} -> ${response.status} ${text.slice(0, 300)}`);
      } catch (error) {
        failed.push(`${describeSample(s)}: ${(error as Error).message}`);
      }
    }
    console.log(`sent ${samples.length} curl samples in ${Math.round(performance.now() - started)} ms`);
    expect(failed, "curl samples the mock refused").toEqual([]);
  });
});
