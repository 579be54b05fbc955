#!/usr/bin/env node
// node scripts/on-node.mjs <22|24> [--clone] -- <command ...>
// Runs a command with another Node.js version first on PATH (the pinned binary from npm; see
// scripts/lib/node-versions.mjs). With --clone, in a fresh clone of this repository's HEAD in a
// temporary folder, as a new user would: e.g. `node scripts/on-node.mjs 24 --clone -- npm install`
// then ... CI runs `node scripts/on-node.mjs 24 --clone -- sh -c "npm install && npm test"`.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBinary, TESTED_NODE_VERSIONS } from "./lib/node-versions.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const dashes = argv.indexOf("--");
const [major, ...flags] = dashes >= 0 ? argv.slice(0, dashes) : argv;
const command = dashes >= 0 ? argv.slice(dashes + 1) : [];
if (!major || !TESTED_NODE_VERSIONS[major] || !command.length) {
  console.error(
    `Usage: node scripts/on-node.mjs <${Object.keys(TESTED_NODE_VERSIONS).join("|")}> [--clone] -- <command ...>`,
  );
  process.exit(2);
}
const binary = nodeBinary(Number(major));
let cwd = process.cwd();
let clone;
if (flags.includes("--clone")) {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), `specforge-node${major}-`));
  execFileSync("git", ["clone", "--quiet", REPO_ROOT, clone], { stdio: "inherit" });
  cwd = clone;
}
const env = { ...process.env, PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH}` };
console.log(
  `on-node: Node ${execFileSync(binary, ["--version"], { encoding: "utf8" }).trim()} in ${cwd}: ${command.join(" ")}`,
);
const ran = spawnSync(command[0], command.slice(1), { cwd, env, stdio: "inherit" });
if (clone && !process.env.KEEP_CLONE) fs.rmSync(clone, { recursive: true, force: true });
process.exit(ran.status ?? 1);
