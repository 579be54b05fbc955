// Checks of the repository itself that no other tool makes: a merge that leaves conflict markers
// in any tracked text file, and a turbo configuration that would hide a change (an input the
// generator reads but turbo does not hash) or drop what users' machines need to reach the registry.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadRegistry } from "../src/config.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const turbo = JSON.parse(fs.readFileSync(path.join(repoRoot, "turbo.json"), "utf8"));

/** Whether `file` (relative, with /) is matched by a turbo input glob (`*` within a segment, `**` across). */
function matches(glob: string, file: string): boolean {
  const pattern = glob
    .split("/")
    .map((seg) => (seg === "**" ? ".*" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")))
    .join("/");
  return new RegExp(`^${pattern}$`).test(file);
}

describe("the repository", () => {
  it("has no merge-conflict markers in any tracked text file", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: repoRoot, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(50);
    const marked: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(repoRoot, file), "utf8");
      } catch {
        continue; // deleted in the work tree
      }
      if (text.includes("\0")) continue; // binary
      text.split("\n").forEach((line, i) => {
        if (/^(<{7}|>{7})( |$)/.test(line) || /^={7}$/.test(line)) marked.push(`${file}:${i + 1}: ${line}`);
      });
    }
    expect(marked).toEqual([]);
  });

  it("turbo hashes every input generation reads: each registered API's package.json, the paging styles", async () => {
    const inputs: string[] = turbo.tasks["//#generate"].inputs;
    const { apis } = await loadRegistry(repoRoot);
    const needed = [
      "redocly.yaml",
      "packages/runtime/src/paging-styles.js",
      ...apis.map((api: { packageDir: string }) =>
        path.relative(repoRoot, path.join(api.packageDir, "package.json")).split(path.sep).join("/"),
      ),
      // A provider added later lands in packages/<name>: it must be covered without an edit here.
      "packages/a-provider-added-later/package.json",
    ];
    for (const file of needed)
      expect(
        inputs.some((glob) => matches(glob, file)),
        file,
      ).toBe(true);
  });

  it("turbo passes the proxy, CA and npm configuration variables to every task", () => {
    const passed: string[] = turbo.globalPassThroughEnv;
    for (const name of [
      "NODE_EXTRA_CA_CERTS",
      "HTTP_PROXY",
      "HTTPS_PROXY",
      "NO_PROXY",
      "http_proxy",
      "https_proxy",
      "no_proxy",
    ]) {
      expect(passed, name).toContain(name);
    }
    expect(passed).toContain("npm_config_*"); // npm's own config (registry, cafile, proxy) as npm passes it down
  });

  it("approves every install script it relies on (npm skips unapproved ones in its coming versions)", () => {
    const out = execFileSync("npm", ["install-scripts", "ls"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toMatch(/No packages with unreviewed install scripts/);
  });
});
