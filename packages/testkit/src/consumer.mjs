// The publishable packages as a user installs them, made once per content: `npm pack` each one,
// install the tarballs into a throwaway project, and reuse that installation for every suite that
// needs it (e2e's pack and installed-mock tests, the ecosystem suite) until a package changes.
// One `npm install` per change instead of one per suite: each costs seconds on a fast registry
// connection and minutes behind a slow proxy.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// One cache per checkout: dropping "older" installations must never remove the one another checkout's
// suite (a second clone, a worktree) is running from at the same moment.
const CACHE = path.join(
  os.tmpdir(),
  "specforge-consumers",
  crypto.createHash("sha256").update(REPO_ROOT).digest("hex").slice(0, 12),
);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The workspace's publishable packages (not `private`), by folder name. */
export function publishablePackages() {
  const dir = path.join(REPO_ROOT, "packages");
  return fs
    .readdirSync(dir)
    .filter((name) => {
      const file = path.join(dir, name, "package.json");
      return fs.existsSync(file) && !JSON.parse(fs.readFileSync(file, "utf8")).private;
    })
    .sort();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Packs every publishable package and returns the project they are installed in (installing them
 * the first time this content is seen): `{ dir, tarballs: { "@scope/name": file } }`. Safe to call
 * from several processes at once (the first installs, the others wait for it).
 */
export async function installedPackages({ timeoutMs = 300_000 } = {}) {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-pack-"));
  const packed = {};
  for (const name of publishablePackages()) {
    const pkgDir = path.join(REPO_ROOT, "packages", name);
    const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
    const out = execFileSync(npm, ["pack", "--silent", "--pack-destination", staging], {
      cwd: pkgDir,
      encoding: "utf8",
    });
    packed[manifest.name] = path.join(staging, out.trim().split("\n").pop());
  }
  const hash = crypto.createHash("sha256");
  for (const [name, file] of Object.entries(packed).sort()) hash.update(name).update(fs.readFileSync(file));
  const dir = path.join(CACHE, hash.digest("hex").slice(0, 16));
  const tarballs = Object.fromEntries(
    Object.entries(packed).map(([name, file]) => [name, path.join(dir, "tarballs", path.basename(file))]),
  );
  const done = path.join(dir, ".installed");
  const lock = `${dir}.lock`;
  const deadline = Date.now() + timeoutMs;
  try {
    while (!fs.existsSync(done)) {
      try {
        fs.mkdirSync(CACHE, { recursive: true });
        fs.mkdirSync(lock); // atomic: whoever creates it installs
      } catch (error) {
        if (error.code !== "EEXIST") throw error;
        // A lock left by a process killed mid-install is stale after ten minutes.
        const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > 600_000) fs.rmSync(lock, { recursive: true, force: true });
        if (Date.now() > deadline)
          throw new Error(
            `waited ${timeoutMs} ms for another process to install the packed packages (${lock}); remove it if no test runs`,
          );
        await sleep(250);
        continue;
      }
      try {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, "tarballs"), { recursive: true });
        for (const [name, file] of Object.entries(packed)) fs.copyFileSync(file, tarballs[name]);
        const dependencies = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
        fs.writeFileSync(
          path.join(dir, "package.json"),
          `${JSON.stringify({ name: "specforge-consumer", private: true, type: "module", dependencies }, null, 2)}\n`,
        );
        execFileSync(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"], {
          cwd: dir,
          stdio: "pipe",
        });
        fs.writeFileSync(done, `${new Date().toISOString()}\n`);
        // Older installations are of packages that changed since: drop them.
        for (const old of fs.readdirSync(CACHE)) {
          if (old !== path.basename(dir) && !old.endsWith(".lock"))
            fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
        }
      } catch (error) {
        const detail = String(error.stderr ?? "")
          .trim()
          .split("\n")
          .slice(-5)
          .join("\n");
        throw new Error(`installing the packed packages failed: ${error.message}${detail ? `\n${detail}` : ""}`);
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { dir, tarballs };
}

/**
 * A fresh project folder for one suite (its own files), using the shared installation: its
 * package.json and a link to the installed node_modules.
 */
export async function consumerProject(into) {
  const installed = await installedPackages();
  fs.mkdirSync(into, { recursive: true });
  fs.copyFileSync(path.join(installed.dir, "package.json"), path.join(into, "package.json"));
  fs.symlinkSync(path.join(installed.dir, "node_modules"), path.join(into, "node_modules"), "junction");
  return { dir: into, tarballs: installed.tarballs };
}
