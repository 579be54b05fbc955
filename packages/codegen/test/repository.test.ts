// Checks of the repository itself that no other tool makes: a merge that leaves conflict markers
// in any tracked text file, a turbo configuration that would hide a change (an input the
// generator reads but turbo does not hash, a file input that moved) or drop what users' machines
// need to reach the registry, and the layout (docs/decisions.md): packages import each other by
// name, never by a relative path into another package's files, and scripts/ holds launchers only.
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

/** Files git sees (tracked, and new ones not ignored), relative with /. */
function repositoryFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && fs.existsSync(path.join(repoRoot, file)));
}

/** The longest a scripts/*.mjs may be: a launcher parses its arguments and calls a package. */
const LAUNCHER_LINES = 60;

/** Module specifiers a source names: static and dynamic imports, re-exports, require(). */
function specifiersOf(text: string): string[] {
  const found = text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(["'])([^"'\n]+)\1/gm);
  // A specifier with `${` is text a generator writes into another file, not an import of this one.
  return [...found].map((m) => m[2] as string).filter((spec) => !spec.includes("${"));
}

/** The room a file belongs to: its package folder, or the repository root for everything else. */
const roomOf = (file: string) => (/^packages\/[^/]+\//.exec(file)?.[0] ?? "").replace(/\/$/, "");

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

  it("no hand-written source reaches into another package's files by a relative path", () => {
    const sources = repositoryFiles().filter(
      (file) =>
        /\.(?:[cm]?[jt]s|tsx)$/.test(file) &&
        !/\.gen\.ts$/.test(file) &&
        !/(?:^|\/)(?:dist|generated|node_modules)\//.test(file),
    );
    expect(sources.length).toBeGreaterThan(100);
    const reaching: string[] = [];
    for (const file of sources) {
      const room = roomOf(file);
      for (const spec of specifiersOf(fs.readFileSync(path.join(repoRoot, file), "utf8"))) {
        if (!spec.startsWith(".")) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
        const outside = room ? !target.startsWith(`${room}/`) : target.startsWith("packages/");
        if (outside) reaching.push(`${file}: ${spec} (import it by package name)`);
      }
    }
    expect(reaching).toEqual([]);
  });

  it(`scripts/ holds launchers only: *.mjs files of at most ${LAUNCHER_LINES} lines, their logic in packages`, () => {
    const scripts = repositoryFiles().filter((file) => file.startsWith("scripts/"));
    expect(scripts.length).toBeGreaterThan(5);
    const tooMuch = scripts.flatMap((file) => {
      if (!/^scripts\/[^/]+\.mjs$/.test(file)) return [`${file}: not a launcher (scripts/*.mjs)`];
      const lines = fs.readFileSync(path.join(repoRoot, file), "utf8").trimEnd().split("\n").length;
      return lines > LAUNCHER_LINES ? [`${file}: ${lines} lines; move its logic into the package it belongs to`] : [];
    });
    expect(tooMuch).toEqual([]);
  });

  it("every file turbo names as an input exists (a moved file would silently drop out of the hash)", () => {
    const missing: string[] = [];
    for (const [task, { inputs = [] }] of Object.entries(turbo.tasks as Record<string, { inputs?: string[] }>)) {
      for (const input of inputs) {
        if (/[*!$]/.test(input.replace("$TURBO_ROOT$/", ""))) continue; // a glob, an exclusion or a turbo keyword
        const rootRelative = task.startsWith("//#") || input.startsWith("$TURBO_ROOT$/");
        if (!rootRelative) continue; // relative to each package that runs the task
        const file = input.replace("$TURBO_ROOT$/", "");
        if (!fs.existsSync(path.join(repoRoot, file))) missing.push(`${task}: ${input}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
