// A temporary copy of the repository to add providers to (the e2e add-provider test, the corpus
// test and the bench's import figure): its files as git sees them (tracked and new, not ignored),
// node_modules linked, the workspace packages linked into the copy, their build outputs (git-ignored)
// and nested dependencies from the repository.
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const exists = (p) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );
const isFile = (p) =>
  fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

/** @returns {Promise<string>} the copy's directory (remove it when done) */
export async function copyRepository(prefix = "specforge-copy-") {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    encoding: "utf8",
  });
  if (listed.status !== 0)
    throw new Error(`git ls-files failed (the copy is made from the repository's git checkout): ${listed.stderr}`);
  await Promise.all(
    listed.stdout
      .split("\0")
      .filter(Boolean)
      .map(async (rel) => {
        const from = path.join(repo, rel);
        if (!(await isFile(from))) return; // deleted in the work tree
        await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
        await fs.copyFile(from, path.join(dir, rel));
      }),
  );
  // node_modules: every installed package linked, except the workspace's own, which point into the copy.
  await fs.mkdir(path.join(dir, "node_modules", "@specforge"), { recursive: true });
  for (const entry of await fs.readdir(path.join(repo, "node_modules"))) {
    if (entry !== "@specforge")
      await fs.symlink(path.join(repo, "node_modules", entry), path.join(dir, "node_modules", entry));
  }
  for (const pkg of await fs.readdir(path.join(dir, "packages"))) {
    const manifest = await fs.readFile(path.join(dir, "packages", pkg, "package.json"), "utf8").catch(() => undefined);
    if (!manifest) continue;
    await fs.symlink(path.join(dir, "packages", pkg), path.join(dir, "node_modules", JSON.parse(manifest).name));
    for (const sub of ["node_modules", "dist"]) {
      if (await exists(path.join(repo, "packages", pkg, sub)))
        await fs.symlink(path.join(repo, "packages", pkg, sub), path.join(dir, "packages", pkg, sub));
    }
  }
  return dir;
}

/** What `npm install` does for a new workspace package `packages/<name>` of the copy: link it. */
export async function linkWorkspace(copy, name) {
  await fs.symlink(path.join(copy, "packages", name), path.join(copy, "node_modules", "@specforge", name));
}
