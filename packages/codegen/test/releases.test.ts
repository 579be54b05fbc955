// Releases, checked inside `npm test` (CI): every publishable package (package.json not `private`)
// has a CHANGELOG.md written by changesets and packs cleanly, and a breaking spec change since a
// client package's last release comes with a changeset that bumps it (major; minor while 0.x).
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkChangesets, publishablePackages, requiredBump } from "../src/releases.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((d) => fs.rm(d, { recursive: true, force: true })));
});

type Pkg = { dir: string; name: string; version: string; manifest: Record<string, unknown> };

describe("the repository's publishable packages", async () => {
  const packages: Pkg[] = await publishablePackages(repoRoot);

  it("are the workspaces not marked private", () => {
    expect(packages.length).toBeGreaterThan(0);
    for (const p of packages) expect(p.manifest.private, p.name).not.toBe(true);
  });

  it.each(packages.map((p) => [p.name, p] as const))(
    "%s has a CHANGELOG.md from changesets, naming its current version",
    async (_name, p) => {
      const changelog = await fs.readFile(path.join(p.dir, "CHANGELOG.md"), "utf8");
      expect(changelog.split("\n")[0]).toBe(`# ${p.name}`);
      expect(changelog).toMatch(
        new RegExp(`\\n## ${p.version.replace(/\./g, "\\.")}\\n\\n### (Major|Minor|Patch) Changes\\n`),
      );
    },
  );

  it.each(packages.map((p) => [p.name, p] as const))(
    "%s: npm pack --dry-run ships the manifest, README, CHANGELOG and every non-build export",
    (_name, p) => {
      const result = spawnSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: p.dir,
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      const [pack] = JSON.parse(result.stdout);
      expect(pack).toMatchObject({ name: p.name, version: p.version });
      const files = new Set(pack.files.map((f: { path: string }) => f.path));
      for (const f of ["package.json", "README.md", "CHANGELOG.md"]) expect(files, f).toContain(f);
      // dist/ is a build output (turbo builds it; e2e's pack-and-consume test installs the tarballs).
      const targets: string[] = [];
      const leaves = (node: unknown): void => {
        if (typeof node === "string") targets.push(node.replace(/^\.\//, ""));
        else if (node && typeof node === "object") Object.values(node).forEach(leaves);
      };
      leaves(p.manifest.exports ?? {});
      expect(targets.length, `${p.name} has an exports map`).toBeGreaterThan(0);
      for (const t of targets.filter((t) => !t.startsWith("dist/") && !t.includes("*") && !t.endsWith("/"))) {
        expect(files, `${p.name} exports ${t}`).toContain(t);
      }
      // No tests, and no TypeScript sources (a package written in plain JavaScript, like the mock, ships its src/*.mjs and their .d.ts).
      for (const f of files) {
        expect(f as string, "no tests in the tarball").not.toMatch(/^test\//);
        expect(f as string, "no TypeScript sources in the tarball").not.toMatch(/^src\/.*(?<!\.d)\.ts$/);
      }
    },
  );
});

describe("changesets for breaking spec changes", () => {
  it("every breaking spec change since a client package's last release has its changeset", async () => {
    const results = await checkChangesets({ repoRoot });
    const missing = results.filter((r: { ok: boolean }) => !r.ok);
    const explain = missing
      .map(
        (r: { package: string; needs: string; has: string; base: string; breaking: string[] }) =>
          `${r.package} needs a "${r.needs}" changeset (has: ${r.has}) for breaking changes since ${r.base.slice(0, 12)}: ${r.breaking.join(", ")}. ` +
          `Run \`npx changeset\` (see \`npm run diff -- ${r.base.slice(0, 12)}\`).`,
      )
      .join("\n");
    expect(missing, explain).toEqual([]);
  });

  it("0.x packages need a minor for a breaking change, 1.x and later a major", () => {
    expect(requiredBump("0.1.0")).toBe("minor");
    expect(requiredBump("0.12.3")).toBe("minor");
    expect(requiredBump("1.0.0")).toBe("major");
    expect(requiredBump("2.3.4")).toBe("major");
  });

  it("the gate on a scratch repository: fails without the changeset, passes with it", async () => {
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), "specforge-release-"));
    scratch.push(repo);
    const git = (...args: string[]) => {
      const r = spawnSync(
        "git",
        ["-c", "user.name=test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false", ...args],
        { cwd: repo, encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(r.stderr);
    };
    await fs.cp(path.join(here, "fixtures"), repo, { recursive: true });
    const config = await fs.readFile(path.join(repo, "redocly.yaml"), "utf8");
    await fs.writeFile(
      path.join(repo, "redocly.yaml"),
      config.replace("../../src/redocly-plugin.cjs", path.join(here, "..", "src", "redocly-plugin.cjs")),
    );
    await fs.writeFile(
      path.join(repo, "package.json"),
      JSON.stringify({ name: "scratch", private: true, workspaces: ["out/*"] }),
    );
    await fs.mkdir(path.join(repo, ".changeset"));
    await fs.writeFile(path.join(repo, ".changeset", "config.json"), JSON.stringify({ baseBranch: "main" }));
    for (const name of ["rpc", "rest"]) {
      await fs.mkdir(path.join(repo, "out", name), { recursive: true });
      await fs.writeFile(
        path.join(repo, "out", name, "package.json"),
        JSON.stringify({ name: `@fixture/${name}`, version: name === "rpc" ? "0.3.0" : "1.2.0" }),
      );
      await fs.writeFile(path.join(repo, "out", name, "CHANGELOG.md"), `# @fixture/${name}\n`);
    }
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "release");
    const status = async () =>
      Object.fromEntries(
        (await checkChangesets({ repoRoot: repo })).map((r: { package: string; ok: boolean; needs?: string }) => [
          r.package,
          [r.ok, r.needs ?? "-"],
        ]),
      );

    expect(await status()).toEqual({ "@fixture/rpc": [true, "-"], "@fixture/rest": [true, "-"] });
    // Breaking in both: an action removed (rpc, 0.x), a query parameter made required (rest, 1.x).
    const edit = async (file: string, a: string, b: string) =>
      fs.writeFile(path.join(repo, file), (await fs.readFile(path.join(repo, file), "utf8")).replace(a, b));
    await edit("rpc.yaml", "        - $ref: '#/components/schemas/ListThingsRequest'\n", "");
    await edit("rpc.yaml", "          list_things: '#/components/schemas/ListThingsRequest'\n", "");
    await edit("rest.yaml", "{name: first, in: query, schema:", "{name: first, in: query, required: true, schema:");
    expect(await status()).toEqual({ "@fixture/rpc": [false, "minor"], "@fixture/rest": [false, "major"] });
    await fs.writeFile(
      path.join(repo, ".changeset", "a.md"),
      `---\n"@fixture/rpc": patch\n"@fixture/rest": minor\n---\n\nNot enough.\n`,
    );
    expect(await status()).toEqual({ "@fixture/rpc": [false, "minor"], "@fixture/rest": [false, "major"] });
    await fs.writeFile(
      path.join(repo, ".changeset", "b.md"),
      `---\n"@fixture/rpc": minor\n"@fixture/rest": major\n---\n\nRemoved list_things; \`first\` is required.\n`,
    );
    expect(await status()).toEqual({ "@fixture/rpc": [true, "minor"], "@fixture/rest": [true, "major"] });
    // A release (changeset version rewrites CHANGELOG.md) moves the base: nothing left to cover.
    await fs.rm(path.join(repo, ".changeset", "a.md"));
    await fs.rm(path.join(repo, ".changeset", "b.md"));
    await edit("out/rpc/CHANGELOG.md", "\n", "\n\n## 0.4.0\n");
    await edit("out/rest/CHANGELOG.md", "\n", "\n\n## 2.0.0\n");
    git("add", "-A");
    git("commit", "-q", "-m", "version");
    expect(await status()).toEqual({ "@fixture/rpc": [true, "-"], "@fixture/rest": [true, "-"] });
  });
});
