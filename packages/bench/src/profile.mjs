// Summarises a V8 .cpuprofile (node --cpu-prof): self time by code location and by function,
// so a missed target names what the time went to instead of a guess.
import fs from "node:fs/promises";
import path from "node:path";

/** Which package or part of the runtime a script URL belongs to. */
export function bucketOf(url) {
  if (!url) return "(native / GC / idle)";
  if (url.startsWith("node:")) return /undici|fetch|web\//.test(url) ? "node: fetch (undici)" : "node: core";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const pkg = /\/packages\/([^/]+)\//.exec(file);
  if (pkg) return `@specforge/${pkg[1]}`;
  return path.basename(file);
}

/** Self time (ms) per bucket and the top self-time functions, from a .cpuprofile object. */
export function summariseProfile(profile, { top = 8, skip = ["(idle)", "(program)"] } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const buckets = new Map();
  const functions = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (skip.includes(functionName)) continue;
    total += ms;
    const bucket = functionName === "(garbage collector)" ? "(garbage collector)" : bucketOf(url);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const key = `${functionName || "(anonymous)"} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ""}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + ms);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    buckets: sorted(buckets).map(([name, ms]) => ({ name, ms, share: ms / total })),
    functions: sorted(functions)
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / total })),
  };
}

export async function summariseProfileDir(dir, options) {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(".cpuprofile"));
  if (names.length === 0) return undefined;
  // The largest profile is the process that did the work.
  let best;
  for (const name of names) {
    const stat = await fs.stat(path.join(dir, name));
    if (!best || stat.size > best.size) best = { name, size: stat.size };
  }
  return summariseProfile(JSON.parse(await fs.readFile(path.join(dir, best.name), "utf8")), options);
}

/** "name 41% · name 22% · …" */
export function describeShares(list, n = 4) {
  return list
    .slice(0, n)
    .map((b) => `${b.name} ${(b.share * 100).toFixed(0)}%`)
    .join(" · ");
}
