/**
 * Auto-pagination for every paging style in paging-styles.js (the one list, read by the
 * generator too): one paginator per style, exported as `<style>Pages`. Each stops on the API's
 * end signal, never loops on a repeated cursor, and holds one page in memory at a time.
 *
 * An operation carries its style's paginator in its `pages` fact (the generator emits it and
 * imports only the styles a package uses), so the call path names no table of all of them and
 * a bundler keeps only the paginators of the operations a program uses.
 */
import { SpecforgeError } from "./errors.js";
import type { PAGING_STYLES } from "./paging-styles.js";

export type PagingStyle = keyof typeof PAGING_STYLES;

/** One record of a window-paged history: which entry, when, and the value. */
export interface WindowRecord {
  key: string;
  timestamp: number;
  value: unknown;
}

export interface PaginationSpec {
  style: PagingStyle;
  /** Dot path of the page's items: an array, or a map yielded as [key, value]. */
  items: string;
  cursorParam?: string;
  nextCursor?: string;
  pageSizeParam?: string;
  limitParam?: string;
  offsetParam?: string;
  upperParam?: string;
  /** A page answered with one of these statuses is fetched again with half the page size. */
  shrinkOnStatus?: readonly number[];
  /** The page size the API uses when none is sent (from the parameter's default in the spec). */
  defaultPageSize?: number;
}

/** Fetches one page with these parameters merged over the caller's. */
export type PageFetcher = (params: Record<string, unknown>) => Promise<unknown>;

export function getPath(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function itemsOf(page: unknown, path: string): unknown[] {
  const items = getPath(page, path);
  if (Array.isArray(items)) return items;
  if (items && typeof items === "object") return Object.entries(items);
  return [];
}

const MAX_PAGES = 1_000_000;

/** The paginator of one paging style (`cursorPages`, `offsetPages`, `windowPages`). */
export type Pager = (
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
) => AsyncGenerator<unknown, void, undefined>;

/**
 * Iterates every item of every page, starting from `initial` (the caller's paging parameters),
 * with `pages`, the paginator of the spec's style.
 */
export function pageThrough(
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
  pages: Pager,
): AsyncGenerator<unknown, void, undefined> {
  if (typeof pages !== "function")
    throw new TypeError(
      `no paginator for the "${spec.style}" paging style: pass ${spec.style}Pages (exported by @specforge/runtime) as pages`,
    );
  return pages(spec, initial, fetchPage);
}

/** Fetches a page; on a "too large" status, halves the page size and tries that page again. */
async function fetchShrinking(
  spec: PaginationSpec,
  sizeParam: string | undefined,
  params: Record<string, unknown>,
  fetchPage: PageFetcher,
): Promise<{ page: unknown; params: Record<string, unknown> }> {
  let current = params;
  for (;;) {
    try {
      return { page: await fetchPage(current), params: current };
    } catch (error) {
      const shrinkable =
        sizeParam !== undefined &&
        error instanceof SpecforgeError &&
        error.status !== undefined &&
        spec.shrinkOnStatus?.includes(error.status);
      const size = Number(current[sizeParam ?? ""] ?? spec.defaultPageSize ?? 100);
      if (!shrinkable || !(size > 1)) throw error;
      current = { ...current, [sizeParam!]: Math.floor(size / 2) };
    }
  }
}

/** Guards against a server that answers every page with the same items: that is the end, not a loop. */
function repeats(items: unknown[], previous: { fingerprint?: string }): boolean {
  if (items.length === 0) return false;
  const fingerprint = JSON.stringify(items);
  const same = fingerprint === previous.fingerprint;
  previous.fingerprint = fingerprint;
  return same;
}

export async function* cursorPages(
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
): AsyncGenerator<unknown, void, undefined> {
  const cursorParam = spec.cursorParam!;
  const seen = new Set<string>();
  const previous = {};
  let params = { ...initial };
  // A caller's starting cursor counts as seen: a server leading back to it is looping.
  if (params[cursorParam] !== undefined && params[cursorParam] !== null && params[cursorParam] !== "")
    seen.add(String(params[cursorParam]));
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await fetchShrinking(spec, spec.pageSizeParam, params, fetchPage);
    params = result.params;
    const items = itemsOf(result.page, spec.items);
    if (repeats(items, previous)) return;
    yield* items;
    const next = getPath(result.page, spec.nextCursor!);
    if (next === undefined || next === null || next === "" || items.length === 0) return;
    const key = String(next);
    if (key === String(params[cursorParam] ?? "") || seen.has(key)) return; // repeated cursor: stop, never loop
    seen.add(key);
    params = { ...params, [cursorParam]: next };
  }
}

export async function* offsetPages(
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
): AsyncGenerator<unknown, void, undefined> {
  const limitParam = spec.limitParam!;
  const offsetParam = spec.offsetParam!;
  let params = { ...initial };
  let offset = Number(params[offsetParam] ?? 0);
  const previous = {};
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await fetchShrinking(spec, limitParam, { ...params, [offsetParam]: offset }, fetchPage);
    params = result.params;
    const items = itemsOf(result.page, spec.items);
    if (repeats(items, previous)) return;
    yield* items;
    const limit = Number(params[limitParam] ?? spec.defaultPageSize ?? Number.NaN);
    if (items.length === 0 || (Number.isFinite(limit) && items.length < limit)) return;
    offset += items.length;
  }
}

/**
 * History-style pages: records keyed by timestamp, newest first, bounded above by `upperParam`.
 * A page is full when it holds `limit` records in all (the API's "at most limit records per
 * call") or `limit` records of one entry (an API that limits per entry); the next window ends
 * just below the oldest record that may have been cut off, and records already yielded are
 * not yielded again.
 */
export async function* windowPages(
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
): AsyncGenerator<unknown, void, undefined> {
  const upperParam = spec.upperParam!;
  const limitParam = spec.limitParam;
  let params = { ...initial };
  const initialUpper = Number(params[upperParam]);
  let upper = params[upperParam] === undefined || Number.isNaN(initialUpper) ? Number.POSITIVE_INFINITY : initialUpper;
  /** Per entry, the oldest timestamp yielded so far. */
  const oldestYielded = new Map<string, number>();
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await fetchShrinking(spec, limitParam, params, fetchPage);
    params = result.params;
    const records: WindowRecord[] = [];
    for (const [key, series] of itemsOf(result.page, spec.items) as [string, unknown][]) {
      if (!series || typeof series !== "object") continue; // e.g. "Entry not accessible."
      for (const [ts, value] of Object.entries(series)) {
        const timestamp = Number(ts);
        if (Number.isNaN(timestamp)) continue;
        records.push({ key, timestamp, value });
      }
    }
    if (records.length === 0) return;
    const fresh = records.filter((r) => !(r.timestamp >= (oldestYielded.get(r.key) ?? Number.POSITIVE_INFINITY)));
    fresh.sort((a, b) => b.timestamp - a.timestamp || a.key.localeCompare(b.key));
    yield* fresh;
    if (fresh.length === 0) return; // nothing new: the server ignores the bound
    const oldestOf = new Map<string, number>();
    const perKey = new Map<string, number>();
    for (const r of records) {
      perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
      oldestOf.set(r.key, Math.min(oldestOf.get(r.key) ?? Number.POSITIVE_INFINITY, r.timestamp));
    }
    for (const [key, oldest] of oldestOf)
      oldestYielded.set(key, Math.min(oldestYielded.get(key) ?? Number.POSITIVE_INFINITY, oldest));
    const limit = Number(params[limitParam ?? ""] ?? spec.defaultPageSize ?? Number.NaN);
    if (!Number.isFinite(limit)) return;
    const fullKeys = [...perKey].filter(([, count]) => count >= limit).map(([key]) => key);
    let cutoff: number;
    if (fullKeys.length > 0) cutoff = Math.max(...fullKeys.map((key) => oldestOf.get(key)!));
    else if (records.length >= limit) cutoff = Math.min(...oldestOf.values());
    else return; // a short page: the window holds nothing older
    // Timestamps carry three decimals: the next window ends just before the cut-off record.
    const next = Number((cutoff - 0.001).toFixed(3));
    if (!(next < upper)) return; // no progress: stop rather than loop
    upper = next;
    params = { ...params, [upperParam]: next };
  }
}

/**
 * Every style's paginator, by style: a style added to paging-styles.js does not compile without
 * its own. The call path never reads it (each operation carries its own in `pages`); it is for
 * tests and for code that builds an operation from data (`pages: PAGERS[style]`), which then
 * bundles every paginator.
 */
export const PAGERS = {
  cursor: cursorPages,
  offset: offsetPages,
  window: windowPages,
} as const satisfies { readonly [S in PagingStyle]: Pager };
