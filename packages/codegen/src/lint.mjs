// Lints an API with the project's Redocly rules and turns problems into one-line reports
// (file:line:col rule message) that point at the hand-written source, not the bundle.
import path from "node:path";
import { lint, getLineColLocation } from "@redocly/openapi-core";

export class SpecLintError extends Error {
  constructor(api, problems) {
    super(`${api}: the spec breaks ${problems.length} lint rule(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "SpecLintError";
    this.problems = problems;
  }
}

export function formatProblem(problem, repoRoot) {
  const loc = problem.location?.[0];
  let where = "(unknown location)";
  if (loc?.source) {
    const file = path.relative(repoRoot, loc.source.absoluteRef);
    try {
      const { start } = getLineColLocation(loc);
      where = `${file}:${start.line}:${start.col}`;
    } catch {
      where = `${file}#${loc.pointer ?? ""}`;
    }
  }
  return `${where} ${problem.severity} ${problem.ruleId}: ${problem.message}`;
}

/** Lints one API; returns warnings as lines and throws SpecLintError on any error. */
export async function lintApi(api, repoRoot) {
  const problems = await lint({ ref: api.root, config: api.config });
  const errors = problems.filter((p) => p.severity === "error").map((p) => formatProblem(p, repoRoot));
  const warnings = problems.filter((p) => p.severity === "warn").map((p) => formatProblem(p, repoRoot));
  if (errors.length) throw new SpecLintError(api.name, [...errors, ...warnings]);
  return warnings;
}
