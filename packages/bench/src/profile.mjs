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

/** The in-process inspector session answering Profiler.stop (not the code being measured). */
const isProfilerItself = (node) => node.callFrame.functionName === "dispatch" && !node.callFrame.url;

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
    if (skip.includes(functionName) || isProfilerItself(node)) continue;
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

/**
 * Inclusive time of the code a matching frame calls: for each sample whose stack holds a frame
 * matching `isOwn` (e.g. the runtime's files), the sample goes to "<own function> → <callee>",
 * where the callee is the frame the innermost own frame called ("self" when it is the leaf).
 * Returns the share of all sampled CPU time spent under own frames and the callees by time.
 */
export function attributeCallees(profile, isOwn, { top = 6 } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return `${functionName || "(anonymous)"}${url ? ` (${path.basename(url)}:${lineNumber + 1})` : ""}`;
  };
  const perNode = new Map();
  const { samples, timeDeltas } = profile;
  let total = 0;
  let own = 0;
  const callees = new Map();
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(samples[i]);
    if (["(idle)", "(program)"].includes(leaf.callFrame.functionName) || isProfilerItself(leaf)) continue;
    total += dt;
    let key = perNode.get(leaf.id);
    if (key === undefined) {
      key = null;
      let below = null;
      for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
        const node = byId.get(id);
        if (isOwn(node.callFrame.url ?? "")) {
          key = `${label(node)} → ${below ? label(below) : "self"}`;
          break;
        }
        below = node;
      }
      perNode.set(leaf.id, key);
    }
    if (key) {
      own += dt;
      callees.set(key, (callees.get(key) ?? 0) + dt);
    }
  }
  return {
    ownShare: total ? own / total : 0,
    callees: [...callees]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / total })),
  };
}

/** Reads the largest .cpuprofile in a directory (the process that did the work). */
export async function readProfileDir(dir) {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(".cpuprofile"));
  if (names.length === 0) return undefined;
  let best;
  for (const name of names) {
    const stat = await fs.stat(path.join(dir, name));
    if (!best || stat.size > best.size) best = { name, size: stat.size };
  }
  return JSON.parse(await fs.readFile(path.join(dir, best.name), "utf8"));
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
