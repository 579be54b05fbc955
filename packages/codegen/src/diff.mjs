// `npm run diff -- <git-ref>`: what changed for a client user between the specs at a git ref and
// the working tree, per REST operation and per RPC action, classified breaking or not.
//
// api-smart-diff compares two OpenAPI documents and classifies each change (breaking,
// non-breaking, deprecated, annotation, unclassified). What no library knows is an RPC API whose
// operations are the members of one `oneOf`: here each side is first turned into a per-action view
// (from the same RPC model the generator derives the clients from), one operation per action with
// its own request schema, response schema, security and paging, so a removed action, a new required
// field of one action or a narrowed response of another shows up under that action's name.
// On top, the rules of specforge's own extensions: `x-pagination` removed or changed is breaking
// (the client's paginate.<operation>() goes or behaves differently), an operationId renamed is
// breaking (it is the facade's method name).
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bundle, createConfig, parseYaml } from "@redocly/openapi-core";
import { escapePointer, HTTP_METHODS } from "@specforge/model";
import { apiCompare, openapi3Rules } from "api-smart-diff";
import { loadRegistry } from "./config.mjs";
import { restoreActionResponseRefs, rpcModel } from "./derive.mjs";

const SEVERITY = ["breaking", "unclassified", "non-breaking", "deprecated", "annotation"];
const rank = (type) => SEVERITY.indexOf(type);

function git(repoRoot, args, options = {}) {
  const result = spawnSync("git", args, { cwd: repoRoot, maxBuffer: 1 << 30, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${String(result.stderr).trim().split("\n")[0]}`);
  return result.stdout;
}

/** The commit a ref names (throws a one-line error for an unknown ref). */
export function resolveCommit(repoRoot, ref) {
  return String(git(repoRoot, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { encoding: "utf8" })).trim();
}

/** Extracts the tree of a commit into a temporary folder (git archive, no worktree, no checkout). */
export async function checkoutTree(repoRoot, ref) {
  const commit = resolveCommit(repoRoot, ref);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "specforge-diff-"));
  const tar = git(repoRoot, ["archive", "--format=tar", commit]);
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: tar });
  if (untar.status !== 0) throw new Error(`tar: ${String(untar.stderr).trim()}`);
  return { dir, commit };
}

/**
 * The document the diff compares: the bundle, with an RPC operation replaced by one operation per
 * action at `<path>#<action>` (the same model as the generated action map and the docs view).
 */
export function diffView(bundled) {
  const doc = restoreActionResponseRefs(structuredClone(bundled));
  const rpc = rpcModel(doc);
  if (!rpc) return { doc, rpc };
  const wire = doc.paths[rpc.path][rpc.method];
  const union = wire.requestBody?.content?.["application/json"]?.schema?.$ref;
  if (union?.startsWith("#/components/schemas/")) delete doc.components.schemas[union.split("/").pop()];
  delete doc.paths[rpc.path][rpc.method];
  if (Object.keys(doc.paths[rpc.path]).length === 0) delete doc.paths[rpc.path];
  for (const a of rpc.actions) {
    // The action's facts are compared as the action operation's; drop their copy in the schema.
    delete doc.components.schemas[a.requestSchema]?.["x-action"];
    doc.paths[`${rpc.path}#${a.action}`] = {
      [rpc.method]: {
        operationId: a.action,
        summary: a.summary,
        ...(a.description ? { description: a.description } : {}),
        tags: a.tags,
        security: a.security ?? doc.security ?? [],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: `#/components/schemas/${a.requestSchema}` } } },
        },
        responses: {
          ...structuredClone(wire.responses),
          200: {
            description: a.summary,
            content: { "application/json": { schema: { $ref: `#/components/schemas/${a.responseSchema}` } } },
          },
        },
        "x-idempotent": a.idempotent,
        ...(a.pagination ? { "x-pagination": a.pagination } : {}),
      },
    };
  }
  return { doc, rpc };
}

/** Bundles one API's spec from a tree (the working tree or an extracted commit); undefined if absent. */
async function bundleAt(root, config) {
  try {
    await fs.access(root);
  } catch {
    return undefined;
  }
  const { bundle: document, problems } = await bundle({ ref: root, config });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) throw new Error(`${root}: cannot bundle: ${errors[0].message}`);
  return document.parsed;
}

/** The APIs registered in a tree's redocly.yaml (name -> root file relative to the tree). */
async function registeredApis(treeRoot) {
  try {
    const parsed = parseYaml(await fs.readFile(path.join(treeRoot, "redocly.yaml"), "utf8"));
    return Object.fromEntries(Object.entries(parsed?.apis ?? {}).map(([name, entry]) => [name, entry]));
  } catch {
    return {};
  }
}

const operationKey = (p, m) => `${m.toUpperCase()} ${p}`;

function describeOperation(pathKey, method, before, after) {
  const op = after?.paths?.[pathKey]?.[method] ?? before?.paths?.[pathKey]?.[method];
  const hash = pathKey.indexOf("#");
  if (hash >= 0) {
    const action = pathKey.slice(hash + 1);
    return { kind: "action", name: action, method: method.toUpperCase(), path: pathKey.slice(0, hash), action };
  }
  return {
    kind: "operation",
    name: op?.operationId ?? operationKey(pathKey, method),
    method: method.toUpperCase(),
    path: pathKey,
  };
}

/**
 * The library's OpenAPI rules, minus the comparison of reusable components on their own: a
 * component matters where an operation uses it, and the library reports it there (with the
 * operation's name); only security schemes, which operations name rather than reference, stay.
 */
function compareRules() {
  const rules = openapi3Rules();
  const skip = { skip: true };
  rules["/components"] = {
    ...rules["/components"],
    "/schemas": skip,
    "/responses": skip,
    "/parameters": skip,
    "/requestBodies": skip,
    "/headers": skip,
    "/examples": skip,
    "/links": skip,
    "/callbacks": skip,
    "/pathItems": skip,
  };
  return rules;
}

/** specforge's own rules on top of the library's classification. */
function reclassify(diff) {
  const p = diff.path;
  // Examples are documentation (the mock answers with them, but a client's types do not change).
  const ex = p.findIndex((k, i) => (k === "examples" || k === "example") && p[i - 1] !== "properties");
  if (ex >= 0 && diff.type !== "annotation")
    return {
      ...diff,
      type: "annotation",
      description: diff.description?.startsWith("[")
        ? diff.description
        : `[Changed] example ${p.slice(ex + 1).join(".")}`,
    };
  // A response field removed, even an optional one, no longer exists on the generated type: code
  // that reads it stops compiling.
  if (diff.action === "remove" && p.includes("responses") && p.at(-2) === "properties" && diff.type !== "breaking") {
    return {
      ...diff,
      type: "breaking",
      description: `${diff.description} [specforge: the field leaves the generated response type]`,
    };
  }
  const i = p.indexOf("x-pagination");
  if (i >= 0) {
    const type = diff.action === "add" && i === p.length - 1 ? "non-breaking" : "breaking";
    const what =
      diff.action === "add" && i === p.length - 1
        ? "added: the client gains paginate.<operation>()"
        : diff.action === "remove" && i === p.length - 1
          ? "removed: the client loses paginate.<operation>()"
          : `changed (${p.slice(i + 1).join(".")}): paging behaves differently`;
    return { ...diff, type, description: `[specforge] x-pagination ${what}` };
  }
  if (p.at(-1) === "x-idempotent" && p.length === 4) {
    return {
      ...diff,
      type: "non-breaking",
      description: `[specforge] idempotent ${JSON.stringify(diff.before)} -> ${JSON.stringify(diff.after)}: the client's retry policy for it changes`,
    };
  }
  if (p.at(-1) === "operationId" && p.length === 4 && diff.action !== "add") {
    return {
      ...diff,
      type: "breaking",
      description: `[specforge] operationId renamed ${diff.before} -> ${diff.after}: the client's method name changes`,
    };
  }
  return diff;
}

function summarize(diff) {
  let description = diff.description;
  // The library leaves the subject out of some templates ("[Added]  in path parameter `x`"): name
  // the changed keyword.
  if (description && /^\[\w+\]\s{2}/.test(description))
    description = description.replace(/^(\[\w+\])\s{2}/, `$1 ${diff.path.slice(-1)[0]} `);
  return {
    type: diff.type,
    change: diff.action,
    pointer: `/${diff.path.map(escapePointer).join("/")}`,
    description: description ?? `${diff.action} ${diff.path.join(".")}`,
  };
}

/**
 * Compares two bundled documents of one API; returns the changes grouped per operation or action
 * (document-level changes under kind "document").
 */
export function compareDocuments(beforeBundled, afterBundled) {
  const before = diffView(beforeBundled).doc;
  const after = diffView(afterBundled).doc;
  const { diffs } = apiCompare(before, after, { rules: compareRules() });
  const groups = new Map();
  const add = (key, meta, change) => {
    if (!groups.has(key)) groups.set(key, { ...meta, changes: [] });
    const changes = groups.get(key).changes;
    if (!changes.some((c) => c.type === change.type && c.description === change.description)) changes.push(change);
  };
  for (const raw of diffs) {
    const diff = reclassify(raw);
    const [top, pathKey, method] = diff.path;
    if (top === "paths" && pathKey !== undefined && method === undefined) {
      // A whole path added or removed: one entry per operation it held.
      const item = diff.action === "add" ? diff.after : diff.before;
      for (const m of HTTP_METHODS.filter((m) => item?.[m])) {
        const meta = describeOperation(pathKey, m, before, after);
        const verb = diff.action === "add" ? "added" : "removed";
        add(`${pathKey} ${m}`, meta, {
          ...summarize({ ...diff, path: ["paths", pathKey, m] }),
          description: `[${verb}] ${meta.kind} ${meta.name} (${meta.method} ${meta.path})`,
        });
      }
    } else if (top === "paths" && HTTP_METHODS.includes(method)) {
      const meta = describeOperation(pathKey, method, before, after);
      if (diff.path[3] === "security") {
        const credentials = (doc) => {
          const security = doc.paths?.[pathKey]?.[method]?.security ?? doc.security ?? [];
          return security.length ? security.map((r) => Object.keys(r).join(" + ") || "none").join(" or ") : "none";
        };
        diff.description = `[Changed] credentials: ${credentials(before)} -> ${credentials(after)}`;
      }
      if (diff.path.length === 3) {
        const verb = diff.action === "add" ? "added" : diff.action === "remove" ? "removed" : "replaced";
        add(`${pathKey} ${method}`, meta, {
          ...summarize(diff),
          description: `[${verb}] ${meta.kind} ${meta.name} (${meta.method} ${meta.path})`,
        });
      } else add(`${pathKey} ${method}`, meta, summarize(diff));
    } else {
      add("(document)", { kind: "document", name: "(document)" }, summarize(diff));
    }
  }
  const entries = [...groups.values()].map((g) => {
    g.changes.sort((a, b) => rank(a.type) - rank(b.type));
    return { ...g, severity: g.changes[0].type };
  });
  entries.sort((a, b) => rank(a.severity) - rank(b.severity) || a.name.localeCompare(b.name));
  return entries;
}

const countBy = (entries) => {
  const counts = Object.fromEntries(SEVERITY.map((s) => [s, 0]));
  for (const e of entries) for (const c of e.changes) counts[c.type]++;
  return counts;
};

/**
 * Diffs every API of redocly.yaml (the working tree's, plus any the base had) between `base` (a git
 * ref) and the working tree.
 * @returns {Promise<{ base: string, commit: string, head: string, breaking: number, apis: object[] }>}
 */
export async function diffSpecs({ repoRoot, base, only } = {}) {
  const registry = await loadRegistry(repoRoot);
  repoRoot = registry.repoRoot;
  const { dir, commit } = await checkoutTree(repoRoot, base);
  try {
    const then = await registeredApis(dir);
    const names = [...new Set([...registry.apis.map((a) => a.name), ...Object.keys(then)])].filter(
      (n) => !only?.length || only.includes(n),
    );
    const fallbackConfig = await createConfig({});
    const apis = [];
    for (const name of names) {
      const api = registry.apis.find((a) => a.name === name);
      const config = api?.config ?? fallbackConfig;
      const beforeRoot = then[name]?.root ? path.join(dir, then[name].root) : undefined;
      const packageDir =
        api?.packageDir ??
        (then[name]?.["x-specforge"]?.package ? path.join(repoRoot, then[name]["x-specforge"].package) : undefined);
      let packageName;
      try {
        packageName = JSON.parse(await fs.readFile(path.join(packageDir, "package.json"), "utf8")).name;
      } catch {
        packageName = undefined;
      }
      const beforeDoc = beforeRoot ? await bundleAt(beforeRoot, config) : undefined;
      const afterDoc = api ? await bundleAt(api.root, config) : undefined;
      const entry = { api: name, package: packageName, root: api?.rootRel ?? then[name]?.root };
      if (!beforeDoc && !afterDoc) continue;
      if (!beforeDoc) {
        apis.push({ ...entry, status: "added", breaking: 0, counts: countBy([]), entries: [] });
        continue;
      }
      if (!afterDoc) {
        const removed = {
          kind: "document",
          name: "(document)",
          severity: "breaking",
          changes: [
            {
              type: "breaking",
              change: "remove",
              pointer: "",
              description: `[removed] API ${name} is no longer in redocly.yaml`,
            },
          ],
        };
        apis.push({ ...entry, status: "removed", breaking: 1, counts: countBy([removed]), entries: [removed] });
        continue;
      }
      const entries = compareDocuments(beforeDoc, afterDoc);
      const counts = countBy(entries);
      apis.push({
        ...entry,
        status: entries.length ? "changed" : "unchanged",
        breaking: counts.breaking,
        counts,
        entries,
      });
    }
    return { base, commit, head: "working tree", breaking: apis.reduce((n, a) => n + a.breaking, 0), apis };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const MARK = {
  breaking: "✖ breaking",
  unclassified: "? unclassified",
  "non-breaking": "✔ non-breaking",
  deprecated: "~ deprecated",
  annotation: "· annotation",
};

/** The human-readable report (annotations, i.e. prose changes, are counted unless `verbose`). */
export function formatReport(report, { verbose = false } = {}) {
  const lines = [`Spec changes from ${report.base} (${report.commit.slice(0, 12)}) to the ${report.head}:`];
  for (const a of report.apis) {
    const who = `${a.api}${a.package ? ` (${a.package})` : ""}`;
    if (a.status === "added") {
      lines.push("", `${who}: new API, nothing to break`);
      continue;
    }
    if (a.status === "unchanged") {
      lines.push("", `${who}: no changes`);
      continue;
    }
    const c = a.counts;
    lines.push(
      "",
      `${who}: ${c.breaking} breaking, ${c["non-breaking"]} non-breaking, ${c.deprecated} deprecated, ${c.unclassified} unclassified, ${c.annotation} annotation`,
    );
    for (const e of a.entries) {
      const shown = verbose ? e.changes : e.changes.filter((ch) => ch.type !== "annotation");
      if (!shown.length) continue;
      const where =
        e.kind === "action"
          ? `action ${e.name} (${e.method} ${e.path}, "${e.name}" in the body)`
          : e.kind === "operation"
            ? `operation ${e.name} (${e.method} ${e.path})`
            : "document";
      lines.push(`  ${MARK[e.severity] ?? e.severity}  ${where}`);
      for (const ch of shown) lines.push(`      ${(MARK[ch.type] ?? ch.type).padEnd(16)} ${ch.description}`);
    }
  }
  lines.push(
    "",
    report.breaking
      ? `${report.breaking} breaking change(s): ${report.apis
          .filter((a) => a.breaking)
          .map(
            (a) =>
              `${a.api} (${a.entries
                .filter((e) => e.severity === "breaking")
                .map((e) => e.name)
                .join(", ")})`,
          )
          .join("; ")}`
      : "No breaking change.",
  );
  return lines.join("\n");
}

/**
 * `diff <git-ref> [api...] [--json] [--verbose]`: prints the report; returns the exit code (1 when a
 * change is breaking, 2 on a usage error or a failure, else 0).
 */
export async function runDiffCli(args, { repoRoot, out = console.log, err = console.error } = {}) {
  const flags = new Set(args.filter((a) => a.startsWith("-")));
  const [base, ...only] = args.filter((a) => !a.startsWith("-"));
  if (flags.has("--help") || !base) {
    (base || flags.has("--help") ? out : err)(
      "usage: npm run diff -- <git-ref> [api...] [--json] [--verbose]\n" +
        "  Compares every API of redocly.yaml at <git-ref> with the working tree, per operation and per RPC action.\n" +
        "  Exit code 1 when a change breaks a client user, 0 otherwise.",
    );
    return base || flags.has("--help") ? 0 : 2;
  }
  try {
    const report = await diffSpecs({ repoRoot, base, only });
    out(
      flags.has("--json") ? JSON.stringify(report, null, 2) : formatReport(report, { verbose: flags.has("--verbose") }),
    );
    return report.breaking ? 1 : 0;
  } catch (error) {
    err(`diff failed: ${String(error?.message ?? error).split("\n")[0]}`);
    return 2;
  }
}
