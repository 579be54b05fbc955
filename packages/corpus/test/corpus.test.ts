// Every corpus description (corpus.json), as a new user would add it: `npm run add-provider --
// <name> --spec <file>` on the unchanged file from its npm package, in a temporary copy of the
// repository. Per spec: the import generates, the client package compiles, its Redoc page builds,
// its mock starts, the manifest's probe operation, called through the generated client, gets a
// 2xx from the mock, and every docs sample of a read answers 2xx on that same stateful mock (or
// corpus.json's `readSampleReasons` says why not, per operation).
// Imports run one after another (each edits redocly.yaml); the checks after them run two at a time.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAddProviderCli } from "@specforge/codegen";
import { parseCurl } from "@specforge/codegen/samples";
import { serverUrl } from "@specforge/model";
import { readSampleRequests, readSamplesTest } from "@specforge/testkit/read-samples";
import { corpusSpecs, specFile } from "../src/corpus.mjs";
import { copyRepository, linkWorkspace } from "@specforge/testkit/repo-copy";

type Entry = ReturnType<typeof corpusSpecs>[number];
const only = process.env.CORPUS_ONLY?.split(",").filter(Boolean);
const specs: Entry[] = corpusSpecs().filter((s: Entry) => !only || only.includes(s.name));
const PARALLEL = 2;

let copy: string;
const imports = new Map<string, Promise<{ code: number; out: string; err: string; ms: number }>>();
const checks = new Map<string, Promise<{ typecheck: Step; docs: Step; tests: Step; ms: number }>>();
type Step = { ok: boolean; output: string; ms: number };

/** Runs a command; resolves with its status and output (never rejects: the test reports it). */
function run(cwd: string, args: string[], timeoutMs = 1_200_000): Promise<Step> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        // Prism needs ~25 CPU-seconds to start on figma's spec (docs/decisions.md 46); with two
        // checks and the suite's other tasks on 2 cores that can pass the mock's default 180 s
        // wait, which is not what this test measures.
        SPECFORGE_MOCK_START_TIMEOUT_MS: process.env.SPECFORGE_MOCK_START_TIMEOUT_MS ?? "900000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output = (output + d).slice(-20_000)));
    child.stderr.on("data", (d) => (output = (output + d).slice(-20_000)));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      // How it ended and how long it took lead the output, so a failure says whether it was slow.
      const how = killed ? `killed after ${timeoutMs} ms` : `exit ${code ?? signal}`;
      const ms = Math.round(performance.now() - started);
      resolve({ ok: code === 0, output: `[${how}, ${ms} ms]\n${output}`, ms });
    });
  });
}

/** The probe: the manifest's operation, found in the generated table by method and path, called through the client. */
function probeTest(entry: Entry, factory: string) {
  return `/// <reference types="@specforge/mock/vitest" />
// Written by packages/corpus/test/corpus.test.ts into its temporary copy: corpus.json's probe.
import { expect, inject, it } from "vitest";
import { ${factory}, operationFunctions, securitySchemes } from "../src/index.js";

const probe = ${JSON.stringify(entry.probe)};
const credentials = Object.fromEntries(
  Object.entries(securitySchemes as Record<string, { type: string; scheme?: string }>)
    .filter(([, s]) => s.type !== "mutualTLS")
    .map(([name, s]) => [name, s.type === "http" && s.scheme?.toLowerCase() === "basic" ? { username: "probe", password: "probe-password" } : "probe-credential"]),
);

it("answers the probe ${entry.probe.method.toUpperCase()} ${entry.probe.path} through the client with a 2xx", async () => {
  const found = Object.entries(operationFunctions).find(([, fn]: [string, any]) => fn.operation.method === probe.method.toUpperCase() && fn.operation.path === probe.path);
  expect(found, "the probe operation is in the generated client").toBeDefined();
  const client: any = ${factory}({ baseUrl: inject("mockUrls")[${JSON.stringify(entry.name)}]!, credentials, maxRetries: 0 });
  const params = Object.fromEntries([...probe.path.matchAll(/{([^}]+)}/g)].map(([, name]) => [name, "probe-1"]));
  const init = Object.keys(params).length ? { path: params } : {};
  // A non-2xx answer throws the runtime's typed error, which fails the test with its status.
  await expect(client[found![0]](init)).resolves.not.toBeInstanceOf(Error);
});
`;
}

async function check(entry: Entry) {
  const started = performance.now();
  const dir = path.join(copy, "packages", entry.name);
  const index = await fs.readFile(path.join(dir, "src", "index.ts"), "utf8");
  const factory = /export function (create\w+Client)\(/.exec(index)?.[1] ?? "createClient";
  await fs.writeFile(path.join(dir, "test", "corpus-probe.test.ts"), probeTest(entry, factory));
  const view = JSON.parse(await fs.readFile(path.join(dir, "openapi", `${entry.name}.docs.json`), "utf8"));
  const requests = readSampleRequests(view, parseCurl, serverUrl(view.servers?.[0]) || "http://localhost");
  await fs.writeFile(
    path.join(dir, "test", "read-samples.test.ts"),
    readSamplesTest({ api: entry.name, requests, reasons: entry.readSampleReasons ?? {} }),
  );
  const typecheck = await run(dir, [
    path.join(copy, "node_modules", "typescript", "bin", "tsc"),
    "-p",
    "tsconfig.json",
  ]);
  const docsView = path.join(dir, "openapi", `${entry.name}.docs.json`);
  const docs = await run(copy, [
    path.join(copy, "node_modules", "@redocly", "cli", "bin", "cli.js"),
    "build-docs",
    docsView,
    "--inlineBundle",
    "-o",
    path.join(copy, "docs-check", `${entry.name}.html`),
  ]);
  // The probe and the read samples, against the one mock the package's global setup starts: not the
  // package's own smoke test, which calls the spec's first GET without its sample's parameters.
  const tests = await run(dir, [
    path.join(copy, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--reporter=dot",
    "test/corpus-probe.test.ts",
    "test/read-samples.test.ts",
  ]);
  return { typecheck, docs, tests, ms: performance.now() - started };
}

beforeAll(async () => {
  copy = await copyRepository("specforge-corpus-");
  // Imports one after another (each adds its entry to redocly.yaml)...
  let chain: Promise<unknown> = Promise.resolve();
  for (const entry of specs) {
    const done = chain.then(async () => {
      const out: string[] = [];
      const err: string[] = [];
      const started = performance.now();
      const code = await runAddProviderCli([entry.name, "--spec", specFile(entry), "--no-install"], {
        repoRoot: copy,
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
      });
      if (code === 0) await linkWorkspace(copy, entry.name);
      return { code, out: out.join("\n"), err: err.join("\n"), ms: performance.now() - started };
    });
    imports.set(entry.name, done);
    chain = done;
  }
  // ...then the checks, PARALLEL at a time, each starting as soon as its import is done.
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= PARALLEL) await new Promise<void>((r) => waiting.push(r));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  for (const entry of specs) {
    checks.set(
      entry.name,
      imports.get(entry.name)!.then(async (imported) => {
        if (imported.code !== 0) throw new Error(`import failed: ${imported.err}`);
        await slot();
        try {
          return await check(entry);
        } finally {
          release();
        }
      }),
    );
  }
  // Settle every promise's rejection here; each test awaits its own.
  for (const p of checks.values()) p.catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([...checks.values()]);
  if (copy && !process.env.CORPUS_KEEP) await fs.rm(copy, { recursive: true, force: true });
});

describe("the corpus through add-provider --spec", () => {
  for (const entry of specs) {
    it(`${entry.name} (${entry.package}@${entry.version}, OpenAPI ${entry.openapi}, ${entry.operations} operations)`, async () => {
      const imported = await imports.get(entry.name)!;
      expect(imported.err, `add-provider ${entry.name} --spec ${entry.path}`).toBe("");
      expect(imported.code).toBe(0);
      // The provider's file is kept byte for byte.
      const kept = path.join(copy, "specs", entry.name, path.basename(entry.path));
      expect(Buffer.compare(await fs.readFile(kept), await fs.readFile(specFile(entry)))).toBe(0);
      const { typecheck, docs, tests } = await checks.get(entry.name)!;
      expect.soft(typecheck.ok, `tsc:\n${typecheck.output}`).toBe(true);
      expect.soft(docs.ok, `build-docs:\n${docs.output}`).toBe(true);
      expect((await fs.stat(path.join(copy, "docs-check", `${entry.name}.html`))).size).toBeGreaterThan(10_000);
      // The probe: the mock started and answered 2xx through the generated client.
      expect(tests.ok, `vitest (the probe against the mock):\n${tests.output}`).toBe(true);
      expect(tests.output).toMatch(/2 passed/);
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(
        `${entry.name}: ${/read samples: [^\n]*/.exec(tests.output)?.[0] ?? "no read-samples figure"}; import ${s(imported.ms)}, tsc ${s(typecheck.ms)}, build-docs ${s(docs.ms)}, mock + probe + samples ${s(tests.ms)}`,
      );
    }, 1_500_000);
  }
});
