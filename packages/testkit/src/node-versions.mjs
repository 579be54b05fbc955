// Node.js binaries of other versions, from the npm registry (the `node` package), for the suites
// and scripts that prove specforge on the Node versions users run. Installed once per version into
// node_modules/.cache/specforge-node/<version> (not into the workspace: its `node` bin would take
// over every npm script's `node`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The Node versions specforge supports and tests, beside the machine's own (README "Node.js versions"). */
export const TESTED_NODE_VERSIONS = { 22: "22.23.3", 24: "24.21.0" };

/** The path of a Node binary of `major` (22 or 24), installing it from npm on first use. */
export function nodeBinary(major) {
  const version = TESTED_NODE_VERSIONS[major];
  if (!version) throw new Error(`no pinned Node ${major}; tested: ${Object.keys(TESTED_NODE_VERSIONS).join(", ")}`);
  const prefix = path.join(REPO_ROOT, "node_modules", ".cache", "specforge-node", version);
  const binary = path.join(prefix, "node_modules", "node", "bin", process.platform === "win32" ? "node.exe" : "node");
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(prefix, { recursive: true });
    fs.writeFileSync(
      path.join(prefix, "package.json"),
      `${JSON.stringify({ private: true, allowScripts: { node: true } })}\n`,
    );
    try {
      execFileSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `node@${version}`], {
        cwd: prefix,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      throw new Error(
        `cannot install Node ${version} from npm into ${prefix}: ${String(error.stderr ?? error.message)
          .trim()
          .split("\n")
          .slice(-3)
          .join(" ")}`,
      );
    }
    if (!fs.existsSync(binary))
      throw new Error(
        `npm installed node@${version} but ${binary} is missing (the package brings a binary for linux, macOS and Windows on x64/arm64 only)`,
      );
  }
  return binary;
}
