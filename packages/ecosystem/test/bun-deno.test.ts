// Bun and Deno, installed from npm as devDependencies, running the scenarios' TypeScript sources
// themselves against the packages installed from the tarballs (`--sloppy-imports` only lets Deno
// read the scenarios' `./x.js` imports of `./x.ts`, the node16 convention they are written in).
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { CLIENTS, lastJson, runProgram, runtimeBinary } from "./eco.js";
import { expectScenario } from "./expected.js";

const eco = inject("eco");
const urls = JSON.stringify(eco.urls);

describe("Bun", () => {
  it.concurrent.each(CLIENTS)("%s", async (client) => {
    const bun = runtimeBinary("bun");
    const ran = await runProgram(bun, ["run", path.join("ts", "src", "cli.mjs"), client, urls], {
      cwd: eco.consumer,
      env: { ...process.env, BUN_INSTALL_CACHE_DIR: path.join(eco.root, "bun-cache"), DO_NOT_TRACK: "1" },
    });
    const out = lastJson(`bun run ts/src/cli.mjs ${client}`, ran);
    expect(out.runtime).toMatch(/^bun 1\./);
    expectScenario(client, "Bun", out.result);
  });
});

describe("Deno", () => {
  it.concurrent.each(CLIENTS)("%s", async (client) => {
    const deno = runtimeBinary("deno");
    const ran = await runProgram(
      deno,
      [
        "run",
        "--allow-net",
        "--allow-read",
        "--allow-env",
        "--node-modules-dir=manual",
        "--no-lock",
        "--quiet",
        "--sloppy-imports",
        path.join("ts", "src", "cli.mjs"),
        client,
        urls,
      ],
      {
        cwd: eco.consumer,
        env: { ...process.env, DENO_DIR: path.join(eco.root, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      },
    );
    const out = lastJson(`deno run ts/src/cli.mjs ${client}`, ran);
    expect(out.runtime).toMatch(/^deno 2\./);
    expectScenario(client, "Deno", out.result);
  });
});
