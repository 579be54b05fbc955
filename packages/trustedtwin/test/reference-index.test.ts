/**
 * The provider's own endpoint index (trustedtwin.com/docs "API reference index", transcribed into
 * test/fixtures/reference-index.json with its URL) against the bundle: every documented
 * operation name is an operationId of the spec with the documented method and path.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listOperations } from "./spec.js";

interface IndexEntry {
  category: string;
  method: string;
  path: string;
  operation: string;
}

interface ReferenceIndex {
  source: { title: string; url: string; note: string };
  /** The summary table: operation names by path (it prints no methods). */
  summary: { path: string; operations: string[] }[];
  /** The per-category tables: method, path and operation name, as printed. */
  categories: IndexEntry[];
}

const INDEX: ReferenceIndex = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "reference-index.json"), "utf8"),
);

/** Compares paths by shape: parameter names become `{}`, query strings and trailing slashes go. */
function normalise(p: string): string {
  return p
    .split("?")[0]!
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/(.)\/+$/, "$1");
}

/**
 * Where the index spells a path differently from the spec, beyond what `normalise` absorbs.
 * Each entry must still occur in the index (so the list cannot go stale unnoticed).
 */
const SPELLING_DIFFERENCES: { operation: string; documented: string; spec: string; why: string }[] = [
  {
    operation: "update_notifications_account_access",
    documented: "/notifications/webhooks/access/account/{account}",
    spec: "/notifications/webhooks/access/accounts/{account}",
    why: "the Notifications table says `account`; the 3.18 SDK (generated from the provider's own spec) says `accounts`, which the spec follows",
  },
];

/**
 * Differences `normalise` absorbs, listed so they are seen: trailing slashes (`GET /roles/`,
 * `GET /twins/{twin}/stickers/`), parameter names (`{databases}` in the summary table for the spec's
 * `{database}`, `/usage/{usage}` for `/usage/{user}`) and `?token={token}` on the webhook
 * confirm/refresh/unsubscribe paths (the spec has `token` as a required query parameter).
 */
const ABSORBED = [
  "GET /roles/",
  "GET /twins/{twin}/stickers/",
  "/account/services/databases/{databases}",
  "GET /usage/{usage}",
  "?token={token}",
];

/** Operations of the spec the index does not list, and why they are in the spec anyway. */
const NOT_IN_INDEX: Record<string, string> = {
  download_doc: "only in the 3.18 Python SDK (reference §7), not in the docs or their index",
};

const operations = listOperations();
const byId = new Map(operations.map((op) => [op.operationId, op]));
const specSpelling = (documented: string) =>
  SPELLING_DIFFERENCES.find((d) => d.documented === documented)?.spec ?? documented;

describe("the provider's reference index", () => {
  it("is transcribed whole, with its source", () => {
    expect(INDEX.source.url).toMatch(/^https:\/\/trustedtwin\.com\/docs\//);
    const entries = INDEX.categories;
    expect(entries.length).toBeGreaterThan(80);
    expect(new Set(entries.map((e) => e.category)).size).toBeGreaterThan(15);
    expect(entries.find((e) => e.operation === "create_twin")).toEqual({
      category: "Twins",
      method: "POST",
      path: "/twins",
      operation: "create_twin",
    });
  });

  it("every operation of the category tables is an operationId of the bundle with the documented method and path", () => {
    const problems: string[] = [];
    for (const entry of INDEX.categories) {
      const op = byId.get(entry.operation);
      if (!op) {
        problems.push(
          `${entry.category}: ${entry.operation} (${entry.method} ${entry.path}) is not an operationId of the spec`,
        );
        continue;
      }
      if (op.method !== entry.method)
        problems.push(`${entry.operation}: documented ${entry.method}, spec ${op.method}`);
      if (normalise(specSpelling(entry.path.split("?")[0]!)) !== normalise(op.path))
        problems.push(`${entry.operation}: documented ${entry.path}, spec ${op.path}`);
    }
    expect(problems).toEqual([]);
  });

  it("every operation of the summary table is in the bundle at that path (including those only the summary lists)", () => {
    const problems: string[] = [];
    const rows = INDEX.summary;
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows)
      for (const name of row.operations) {
        const op = byId.get(name);
        if (!op) problems.push(`${name} (${row.path}) is not an operationId of the spec`);
        else if (normalise(specSpelling(row.path)) !== normalise(op.path))
          problems.push(`${name}: summary ${row.path}, spec ${op.path}`);
      }
    expect(problems).toEqual([]);
  });

  it("every operation of the bundle is in the index, or listed (with the reason) as not in it", () => {
    const documented = new Set([
      ...INDEX.categories.map((e) => e.operation),
      ...INDEX.summary.flatMap((r) => r.operations),
    ]);
    const missing = operations.map((op) => op.operationId).filter((id) => !documented.has(id));
    expect(missing.sort()).toEqual(Object.keys(NOT_IN_INDEX).sort());
  });

  it("the listed spelling differences still occur in the index (no stale entries)", () => {
    const printed = [
      ...INDEX.categories.map((e) => `${e.method} ${e.path} ${e.operation}`),
      ...INDEX.summary.flatMap((r) => r.operations.map((op) => `${r.path} ${op}`)),
    ].join("\n");
    for (const difference of SPELLING_DIFFERENCES) {
      expect(printed, difference.why).toContain(`${difference.documented} ${difference.operation}`);
      expect(byId.get(difference.operation)?.path).toBe(difference.spec);
    }
    for (const spelling of ABSORBED) expect(printed).toContain(spelling);
  });
});
