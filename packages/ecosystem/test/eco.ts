// What every test file of the ecosystem suite shares: the package list, the consumer project the
// global setup prepared (`inject("eco")`), a child-process runner, the runtimes' binaries, and
// the one expected result per client that every runtime must produce.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installedMockApis } from "@specforge/mock";
import type { GenericPlan } from "@specforge/testkit/generic-client";

export const PKG_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(PKG_ROOT, "../..");

/**
 * Every API of the workspace's client packages (their manifests, generated from redocly.yaml), companions
 * (a token endpoint) included: the mocks the scenarios run against. Never listed by hand, so a provider
 * added with `npm run add-provider` is in every runtime's matrix (and fails there until it has a scenario).
 */
export const APIS: string[] = (installedMockApis(REPO_ROOT) as { name: string; packageDir: string }[])
  .filter((api) => path.dirname(api.packageDir) === path.join(REPO_ROOT, "packages"))
  .map((api) => api.name)
  .sort();
/** The client packages (folder names under packages/), each a scenario in every runtime. */
export const CLIENTS: string[] = [
  ...new Set(
    (installedMockApis(REPO_ROOT) as { packageDir: string }[])
      .map((api) => api.packageDir)
      .filter((dir) => path.dirname(dir) === path.join(REPO_ROOT, "packages"))
      .map((dir) => path.basename(dir)),
  ),
].sort();
/** The publishable packages, in dependency order. */
export const PACKAGES = ["runtime", ...CLIENTS];
export type Client = string;
if (!CLIENTS.length)
  throw new Error(`no client package with a manifest under ${REPO_ROOT}/packages: run npm run generate`);

export interface Eco {
  root: string;
  /** The throwaway consumer project: package.json + node_modules from the tarballs. */
  consumer: string;
  tarballs: Record<string, string>;
  /** Each API's mock URL, by API name. */
  urls: Record<string, string>;
  bundles: Record<"browser" | "worker", { file: string; inputs: string[]; bytes: number }>;
  /** Each client's generic plans (one per API that is not a companion), from its installed package. */
  plans: Record<string, GenericPlan[]>;
  timings: Record<string, number>;
  setupMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    eco: Eco;
  }
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to its end (never throws for a non-zero exit; the caller says what failed). */
export function runProgram(
  file: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 90_000,
        maxBuffer: 32 * 1024 * 1024,
        env: options.env ?? process.env,
        killSignal: "SIGKILL",
      },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === "number"
            ? (error as { code: number }).code
            : null
          : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr) + (error && code === null ? `\n(${error.message})` : ""),
          ms: Date.now() - started,
        });
      },
    );
  });
}

/** The last stdout line as JSON, or a failure that shows what the program said. */
export function lastJson<T = { runtime: string; result: unknown }>(what: string, ran: Ran): T {
  const line = ran.stdout.trim().split("\n").pop() ?? "";
  if (ran.code !== 0 || !line.startsWith("{")) {
    throw new Error(
      `${what} failed (exit ${ran.code}, ${ran.ms} ms)\n--- stdout\n${ran.stdout.slice(-4000)}\n--- stderr\n${ran.stderr.slice(-4000)}`,
    );
  }
  return JSON.parse(line) as T;
}

/**
 * A runtime's binary as npm installed it (a devDependency of this package). Throws the reason
 * when it is not there, so the runtime's tests fail rather than skip.
 */
export function runtimeBinary(name: "bun" | "deno" | "workerd"): string {
  const candidates = [
    path.join(PKG_ROOT, "node_modules", ".bin", name),
    path.join(REPO_ROOT, "node_modules", ".bin", name),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    throw new Error(
      `${name} is not installed (looked for ${candidates.join(", ")}): it is a devDependency of @specforge/ecosystem; ` +
        `run \`npm install\` at the repository root (npm installs it from the registry with its platform package for ${process.platform}-${process.arch})`,
    );
  }
  return found;
}
