// globalSetup of the ecosystem suite: what a new user does, once for every runtime.
// 1-2. `npm pack` the publishable packages (as they would be published) and install the tarballs
//    into a throwaway consumer project (nothing from this workspace; @specforge/testkit/consumer
//    installs once per content, so the e2e suite's installation is reused);
// 3. put the scenario modules (../scenarios, unchanged) into that project in each runtime's form:
//    ESM JavaScript for Node; CommonJS for require(); the TypeScript sources for the tsc matrix,
//    Bun and Deno; a browser bundle and a workerd bundle built with esbuild from the installed packages;
// 4. start the real mocks on free ports.
// The tests read `inject("eco")`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, transform } from "esbuild";
import { startMocks } from "@specforge/mock";
import { APIS, CLIENTS, PACKAGES, PKG_ROOT, REPO_ROOT, type Eco } from "./eco.js";
import { consumerProject } from "@specforge/testkit/consumer";
import { type GenericPlan, genericPlans } from "@specforge/testkit/generic-client";

/** The scenarios as plain JavaScript modules (ESM or CommonJS), file for file, imports untouched. */
async function transpile(sources: string, into: string, format: "esm" | "cjs") {
  fs.mkdirSync(into, { recursive: true });
  for (const file of fs.readdirSync(sources)) {
    if (!file.endsWith(".ts")) continue;
    const source = fs.readFileSync(path.join(sources, file), "utf8");
    const { code } = await transform(source, { loader: "ts", format, target: "es2022", sourcefile: file });
    fs.writeFileSync(path.join(into, file.replace(/\.ts$/, ".js")), code);
  }
}

export default async function setup(project: { provide(key: "eco", value: Eco): void }) {
  const started = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-ecosystem-"));
  const timings: Record<string, number> = {};
  const mark = (what: string, since: number) => (timings[what] = Date.now() - since);

  // The mocks start while the packages are packed and installed (Prism takes seconds to boot).
  const mocksStarting = startMocks({
    apis: APIS,
    ports: Object.fromEntries(APIS.map((api) => [api, 0])),
  });
  mocksStarting.catch(() => undefined);
  try {
    let t = Date.now();
    for (const name of PACKAGES) {
      if (!fs.existsSync(path.join(REPO_ROOT, "packages", name, "dist", "cjs", "index.js"))) {
        throw new Error(
          `packages/${name}/dist is missing or incomplete: run \`npm run build\` first (turbo runs it before this suite)`,
        );
      }
    }
    // The packed packages, installed once per content and shared with the e2e suite.
    const consumer = path.join(root, "consumer");
    const { tarballs } = await consumerProject(consumer);
    mark("pack+install", t);

    t = Date.now();
    // The scenarios: the hand-written ones (../scenarios) and, for every client, the generic one, planned
    // from what its installed package ships (manifest, spec, docs samples), in all.ts (the harness's entry).
    const sources = path.join(root, "scenarios");
    fs.mkdirSync(sources);
    for (const file of fs.readdirSync(path.join(PKG_ROOT, "scenarios")))
      fs.copyFileSync(path.join(PKG_ROOT, "scenarios", file), path.join(sources, file));
    const plans = Object.fromEntries(
      CLIENTS.map((client) => [client, genericPlans(path.join(consumer, "node_modules", packageNameOf(client)))]),
    );
    const { scenarios: written } = await import("../scenarios/index.js");
    fs.writeFileSync(path.join(sources, "all.ts"), allScenarios(plans, Object.keys(written)));
    mark("plans", t);

    t = Date.now();
    // Node ESM, Bun, Deno: one ESM copy of the scenarios + the CLI harness.
    await transpile(sources, path.join(consumer, "esm"), "esm");
    fs.copyFileSync(path.join(PKG_ROOT, "harness", "cli.mjs"), path.join(consumer, "esm", "cli.js"));
    // require(): the same modules converted to CommonJS, in a folder that says so.
    await transpile(sources, path.join(consumer, "cjs"), "cjs");
    fs.writeFileSync(path.join(consumer, "cjs", "package.json"), `{ "type": "commonjs" }\n`);
    fs.copyFileSync(path.join(PKG_ROOT, "harness", "cli.cjs"), path.join(consumer, "cjs", "cli.js"));
    // TypeScript consumers: the scenario sources themselves (ESM project) and a CommonJS twin.
    for (const [dir, type] of [
      ["ts", "module"],
      ["ts-cjs", "commonjs"],
    ] as const) {
      fs.mkdirSync(path.join(consumer, dir, "src"), { recursive: true });
      fs.writeFileSync(path.join(consumer, dir, "package.json"), `{ "type": "${type}" }\n`);
      for (const file of fs.readdirSync(sources)) {
        fs.copyFileSync(path.join(sources, file), path.join(consumer, dir, "src", file));
      }
    }
    // Bun and Deno run those TypeScript sources themselves, through the same CLI harness.
    fs.copyFileSync(path.join(PKG_ROOT, "harness", "cli.mjs"), path.join(consumer, "ts", "src", "cli.mjs"));
    // Browser and workerd: bundles of the harness + scenarios with the installed packages, and no
    // Node polyfill of any kind (esbuild adds none; a `node:` import or a Node global would fail).
    const bundles: Eco["bundles"] = {} as Eco["bundles"];
    for (const target of ["browser", "worker"] as const) {
      const entry = path.join(consumer, `${target}-entry.ts`);
      fs.writeFileSync(
        entry,
        fs
          .readFileSync(path.join(PKG_ROOT, "harness", `${target}.ts`), "utf8")
          .replace("../scenarios/all.js", "./esm/all.js"),
      );
      const outfile = path.join(consumer, target, target === "browser" ? "bundle.js" : "worker.js");
      const result = await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "es2022",
        conditions: target === "worker" ? ["workerd", "worker", "browser"] : ["browser"],
        metafile: true,
        logLevel: "silent",
        absWorkingDir: consumer,
      });
      bundles[target] = {
        file: outfile,
        inputs: Object.keys(result.metafile.inputs),
        bytes: fs.statSync(outfile).size,
      };
    }
    fs.writeFileSync(
      path.join(consumer, "browser", "index.html"),
      `<!doctype html><meta charset="utf-8"><title>specforge ecosystem</title><script type="module" src="./bundle.js"></script>\n`,
    );
    mark("prepare", t);

    t = Date.now();
    const running = await mocksStarting;
    mark("mocks", t);
    const urls = Object.fromEntries(running.mocks.map((m) => [m.api, m.url])) as Eco["urls"];
    project.provide("eco", {
      root,
      consumer,
      tarballs,
      urls,
      bundles,
      plans,
      timings,
      setupMs: Date.now() - started,
    });
    return async () => {
      await running.stop();
      if (!process.env.KEEP_ECOSYSTEM) fs.rmSync(root, { recursive: true, force: true });
    };
  } catch (error) {
    await mocksStarting.then((m) => m.stop()).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** A client package's name (its folder under packages/). */
function packageNameOf(client: string): string {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "packages", client, "package.json"), "utf8")).name;
}

/**
 * all.ts: every client's scenario, as the harness runs it: its hand-written scenario (index.ts) where it
 * has one, and the generic scenario (generic.ts) of each of its APIs, on the plans made from its package.
 */
function allScenarios(plans: Record<string, GenericPlan[]>, written: string[]): string {
  const clients = Object.keys(plans);
  const lines = [
    "// Written by packages/ecosystem/test/setup.ts: every client's scenarios (hand-written and generic).",
    'import { genericScenario, type GenericPlan } from "./generic.js";',
    'import { scenarios as written, type MockUrls } from "./index.js";',
    ...clients.map(
      (client, i) =>
        `import * as client${i} from ${JSON.stringify(plans[client]![0]?.packageName ?? packageNameOf(client))};`,
    ),
    "",
    "type Urls = Record<string, string>;",
    `const plans: Record<string, GenericPlan[]> = ${JSON.stringify(plans)};`,
    "",
    "/** The client packages the scenarios import. */",
    `export const packages: string[] = ${JSON.stringify(clients.map(packageNameOf))};`,
    "",
    "export const scenarios: Record<string, (urls: Urls) => Promise<unknown>> = {",
    ...clients.map((client, i) => {
      const generic = `generic: await Promise.all(plans[${JSON.stringify(client)}]!.map((plan) => genericScenario(client${i}, plan, urls)))`;
      const own = written.includes(client)
        ? `scenario: await written[${JSON.stringify(client)} as keyof typeof written](urls as unknown as MockUrls), `
        : "";
      return `  ${JSON.stringify(client)}: async (urls) => ({ ${own}${generic} }),`;
    }),
    "};",
    "",
  ];
  return lines.join("\n");
}
