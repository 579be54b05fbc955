// Runs a command with another Node.js version first on PATH (the pinned binary from npm, see
// node-versions.mjs), in the current folder or, with `clone`, in a fresh clone of the repository's
// HEAD in a temporary folder, as a new user would. Behind `node scripts/on-node.mjs`.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBinary } from "./node-versions.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Runs `command` (argv) on Node `major`; returns its exit status. The clone is removed unless `keepClone`. */
export function runOnNode(major, command, { clone = false, keepClone = false } = {}) {
  const binary = nodeBinary(Number(major));
  let cwd = process.cwd();
  let cloned;
  if (clone) {
    cloned = fs.mkdtempSync(path.join(os.tmpdir(), `specforge-node${major}-`));
    execFileSync("git", ["clone", "--quiet", REPO_ROOT, cloned], { stdio: "inherit" });
    cwd = cloned;
  }
  const env = { ...process.env, PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH}` };
  console.log(
    `on-node: Node ${execFileSync(binary, ["--version"], { encoding: "utf8" }).trim()} in ${cwd}: ${command.join(" ")}`,
  );
  const ran = spawnSync(command[0], command.slice(1), { cwd, env, stdio: "inherit" });
  if (cloned && !keepClone) fs.rmSync(cloned, { recursive: true, force: true });
  return ran.status ?? 1;
}
