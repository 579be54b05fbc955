// Every complete TypeScript example in the READMEs (a ```ts block that starts with an import), in
// the root README and in the README of every workspace package, compiles strictly against the
// built packages, as a user's file would, and then runs against the mocks: a user copies it into a
// file of their own while `npm run mock` runs, and it must work.
// Running it changes one thing: the mocks' default URLs (http://127.0.0.1:<mockPort> of each API in
// the registry) become the URLs of this test's mocks on free ports, and the variables the docs'
// samples read (the registry's mockEnv, placeholder credentials) are set the same way. An example
// that imports from "vitest" is a test file and runs under vitest; one that imports "msw/browser" runs
// in Chromium (msw-readme.test.ts); the others run with plain Node.
// Each example stands alone on the mocks' seed (the spec's examples). Fragments (blocks that
// continue an earlier example) are not complete programs and are not run.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry } from "@specforge/codegen";
import { startMocks } from "@specforge/mock";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The root README and the README of every workspace package (the root package.json's `workspaces`). */
function readmes(): string[] {
  const { workspaces = [] } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    workspaces?: string[];
  };
  const folders = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .sort();
  });
  return ["README.md", ...folders.map((f) => `${f}/README.md`).filter((f) => fs.existsSync(path.join(repoRoot, f)))];
}

interface Example {
  readme: string;
  line: number;
  code: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const readme of readmes()) {
    const text = fs.readFileSync(path.join(repoRoot, readme), "utf8");
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      const code = match[1]!;
      // Complete examples start with their imports (after any comment lines).
      if (!/^import /.test(code.replace(/^(\/\/.*\n)+/, ""))) continue;
      out.push({ readme, line: text.slice(0, match.index).split("\n").length, code });
    }
  }
  return out;
}

const found = examples();
const where = (example: Example) => `${example.readme}:${example.line}`;
const isTestFile = (example: Example) => /^import [^;]* from "vitest";/m.test(example.code);
// A browser example (MSW's setupWorker) cannot run in Node: msw-readme.test.ts bundles it and runs it
// in Chromium, and takes every README block that imports both @specforge/mock/msw and msw/browser.
const isBrowserExample = (example: Example) => /^import [^;]* from "msw\/browser";/m.test(example.code);
// Inside the e2e package, so the examples resolve @specforge/* and vitest as a workspace user's files do.
const dir = fs.mkdtempSync(path.join(repoRoot, "packages", "e2e", ".readme-"));
let mocks: Awaited<ReturnType<typeof startMocks>> | undefined;
let itemsApi: http.Server | undefined;
/** `http://127.0.0.1:<default port>` of each API -> this test's mock. */
const urlFor = new Map<string, string>();
const env: Record<string, string> = {};

beforeAll(async () => {
  const registry = await loadRegistry(repoRoot);
  const apis = registry.apis as { name: string; mockPort: number; client?: { mockEnv?: Record<string, string> } }[];
  mocks = await startMocks({ apis: apis.map((a) => a.name), ports: Object.fromEntries(apis.map((a) => [a.name, 0])) });
  const mockUrls: Record<string, string> = Object.fromEntries(mocks.mocks.map((m) => [m.api, m.url]));
  for (const api of apis) {
    urlFor.set(`http://127.0.0.1:${api.mockPort}`, mockUrls[api.name]!);
    for (const [name, value] of Object.entries(api.client?.mockEnv ?? {}))
      env[name] = value.replace(/\{mock:([^}]+)\}/g, (_, other: string) => mockUrls[other]!);
  }
  // The runtime README's example calls an API of its own (items, at API_URL), which is no provider's:
  // a small server answers it as that example expects.
  itemsApi = await serveItemsApi();
  env.API_URL = `http://127.0.0.1:${(itemsApi.address() as AddressInfo).port}`;
  // Every other variable an example reads is a credential: a placeholder, as in the docs' samples.
  for (const example of found)
    for (const [, name] of example.code.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) env[name!] ??= `readme-${name}`;
}, 120_000);

afterAll(async () => {
  await mocks?.stop();
  await new Promise((resolve) => (itemsApi ? itemsApi.close(resolve) : resolve(undefined)));
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The API of packages/runtime/README.md's example: `GET /items/{id}` (404 for an unknown id),
 * `POST /items`, `GET /items` in two cursor pages; every request must carry its `X-Api-Key`.
 */
async function serveItemsApi(): Promise<http.Server> {
  const items = [
    { id: "42", name: "answer" },
    { id: "7", name: "seven" },
  ];
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!request.headers["x-api-key"]) return send(401, { message: "missing X-Api-Key" });
    const one = /^\/items\/([^/]+)$/.exec(url.pathname);
    if (request.method === "GET" && one) {
      const item = items.find((i) => i.id === decodeURIComponent(one[1]!));
      return item ? send(200, item) : send(404, { message: "no such item" });
    }
    if (request.method === "POST" && url.pathname === "/items") {
      let raw = "";
      request.on("data", (chunk) => (raw += chunk));
      request.on("end", () => send(201, { id: "43", name: JSON.parse(raw || "{}").name ?? "" }));
      return;
    }
    if (request.method === "GET" && url.pathname === "/items") {
      const second = url.searchParams.get("cursor") === "2";
      return send(200, { items: second ? items.slice(1) : items.slice(0, 1), next: second ? null : "2" });
    }
    send(404, { message: `no route ${request.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The example as run here: the default mock URLs replaced by this test's mocks. */
function pointedAtMocks(code: string): string {
  return code.replace(/http:\/\/127\.0\.0\.1:(\d+)/g, (url) => urlFor.get(url) ?? url);
}

describe("README examples", () => {
  it("there are complete examples in the READMEs, the root's and the client packages'", () => {
    expect(found.length).toBeGreaterThanOrEqual(8);
    for (const readme of ["README.md", "packages/trustedtwin/README.md", "packages/midaxo/README.md"])
      expect(
        found.some((e) => e.readme === readme),
        readme,
      ).toBe(true);
  });

  it("each complete example compiles (strict, NodeNext, against the built packages)", { timeout: 120_000 }, () => {
    const files = found.map((example, i) => {
      const file = path.join(dir, `compile-${i}.mts`);
      // `export {}` makes each example a module of its own, so top-level await and names do not clash.
      fs.writeFileSync(file, `${example.code}\nexport {};\n`);
      return { file, example };
    });
    const program = ts.createProgram(
      files.map((f) => f.file),
      {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
        types: ["node"],
      },
    );
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const owner = files.find((f) => f.file === d.file?.fileName);
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
      const origin = owner ? `${owner.example.readme}:${owner.example.line + 1 + line}` : (d.file?.fileName ?? "");
      return `${origin}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(problems).toEqual([]);
  });

  it("each complete example runs against the mocks without throwing", { timeout: 600_000 }, async () => {
    expect(urlFor.size, "the mocks started").toBeGreaterThan(0);
    const vitest = path.join(repoRoot, "node_modules", "vitest", "vitest.mjs");
    const failed: string[] = [];
    let touched = 0;
    for (const [i, example] of found.entries()) {
      if (isBrowserExample(example)) {
        expect(example.code, `${where(example)}: a browser example msw-readme.test.ts runs in Chromium`).toContain(
          'from "@specforge/mock/msw"',
        );
        continue;
      }
      const code = pointedAtMocks(example.code);
      if (code !== example.code) touched++;
      await mocks!.reset(); // each example stands alone: it runs on the seed (the spec's examples)
      let command: string[];
      if (isTestFile(example)) {
        const file = path.join(dir, `example-${i}.test.ts`);
        fs.writeFileSync(file, code);
        command = [vitest, "run", "--root", dir, path.basename(file)];
      } else {
        // Types stripped as a user's build would; the module runs as written.
        const file = path.join(dir, `example-${i}.mjs`);
        const { outputText } = ts.transpileModule(`${code}\nexport {};\n`, {
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        });
        fs.writeFileSync(file, outputText);
        command = [file];
      }
      const started = performance.now();
      try {
        await run(process.execPath, command, {
          cwd: dir,
          env: { PATH: process.env.PATH ?? "", ...env },
          timeout: 180_000, // an example that starts its own mock waits for Prism: 30-45 s on a loaded 2-core machine
          maxBuffer: 16 << 20,
        });
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        const output = `${e.stderr ?? ""}\n${e.stdout ?? ""}`.trim() || e.message;
        failed.push(`${where(example)}: ${output.split("\n").slice(0, 12).join("\n    ")}`);
      }
      console.log(`${where(example)}: ${Math.round(performance.now() - started)} ms`);
    }
    expect(failed, "README examples that failed against the mocks").toEqual([]);
    // The quick starts name the mocks' default URLs; this test must have pointed them at its own.
    expect(touched).toBeGreaterThanOrEqual(3);
  });
});
