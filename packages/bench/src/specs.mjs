// The input of the generation and type-check figures: GitHub's REST description from
// @octokit/openapi (all of it), or, for --quick, the same document cut down to a few operations.
import fs from "node:fs/promises";
import path from "node:path";
import { HTTP_METHODS, operationsOf } from "@specforge/model";
import { require, versionOf } from "./util.mjs";

export const GITHUB_FILE = "@octokit/openapi/generated/api.github.com.json";

/** The three operations the type-check consumers call (operationId, method, path). */
export const CONSUMER_OPERATIONS = [
  { id: "repos/get", method: "get", path: "/repos/{owner}/{repo}" },
  { id: "issues/list-for-repo", method: "get", path: "/repos/{owner}/{repo}/issues" },
  { id: "pulls/create", method: "post", path: "/repos/{owner}/{repo}/pulls" },
];

export const countOperations = (doc) => operationsOf(doc).length;

/** Keeps the named operations' paths and every component they reach through $refs. */
export function subsetDocument(doc, operationIds) {
  const wanted = new Set(operationIds);
  const paths = {};
  for (const [p, item] of Object.entries(doc.paths)) {
    const kept = {};
    for (const m of HTTP_METHODS) if (item[m] && wanted.has(item[m].operationId)) kept[m] = item[m];
    if (Object.keys(kept).length) paths[p] = { ...(item.parameters ? { parameters: item.parameters } : {}), ...kept };
  }
  const components = {};
  const seen = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/") && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      const [, , kind, name] = node.$ref.split("/");
      const target = doc.components?.[kind]?.[name];
      if (target) {
        (components[kind] ??= {})[name] = target;
        visit(target);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(paths);
  const { paths: _p, components: _c, webhooks: _w, "x-webhooks": _xw, ...rest } = doc;
  return { ...rest, paths, components: { ...components, securitySchemes: doc.components?.securitySchemes } };
}

/** Writes the input document into `dir`; returns its file, its operation count and a label. */
export async function prepareGithubInput(dir, { quick }) {
  const source = require.resolve(GITHUB_FILE);
  const version = versionOf("@octokit/openapi");
  if (!quick) {
    const doc = JSON.parse(await fs.readFile(source, "utf8"));
    return {
      file: source,
      operations: countOperations(doc),
      label: `GitHub REST (@octokit/openapi ${version}, api.github.com.json)`,
    };
  }
  const doc = JSON.parse(await fs.readFile(source, "utf8"));
  const extra = [];
  for (const item of Object.values(doc.paths)) {
    for (const m of HTTP_METHODS) {
      const id = item[m]?.operationId;
      if (id?.startsWith("repos/get-") && extra.length < 9) extra.push(id);
    }
  }
  const subset = subsetDocument(doc, [...CONSUMER_OPERATIONS.map((o) => o.id), ...extra]);
  const file = path.join(dir, "github-subset.json");
  await fs.writeFile(file, JSON.stringify(subset));
  return {
    file,
    operations: countOperations(subset),
    label: `GitHub REST subset (--quick: ${countOperations(subset)} operations of @octokit/openapi ${version})`,
  };
}
