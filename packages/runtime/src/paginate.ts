/**
 * Auto-pagination for every paging style the specs declare (`x-pagination`): cursor, offset
 * and time window. Each paginator stops on the API's end signal, never loops on a repeated
 * cursor, and holds one page in memory at a time.
 */
import { SpecforgeError } from "./errors.js";

export interface PaginationSpec {
  style: "cursor" | "offset" | "window";
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

export async function* paginate(
  spec: PaginationSpec,
  initial: Record<string, unknown>,
  fetchPage: PageFetcher,
): AsyncGenerator<unknown, void, undefined> {
  switch (spec.style) {
    case "cursor":
      yield* cursorPages(spec, initial, fetchPage);
      return;
    case "offset":
      yield* offsetPages(spec, initial, fetchPage);
      return;
    case "window":
      yield* windowPages(spec, initial, fetchPage);
      return;
    default:
      throw new Error(`unknown pagination style ${(spec as { style: string }).style}`);
  }
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

async function* cursorPages(spec: PaginationSpec, initial: Record<string, unknown>, fetchPage: PageFetcher) {
  const cursorParam = spec.cursorParam!;
  const seen = new Set<string>();
  const previous = {};
  let params = { ...initial };
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

async function* offsetPages(spec: PaginationSpec, initial: Record<string, unknown>, fetchPage: PageFetcher) {
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

/** History-style pages: records keyed by timestamp, newest first, bounded above by `upperParam`. */
async function* windowPages(spec: PaginationSpec, initial: Record<string, unknown>, fetchPage: PageFetcher) {
  const upperParam = spec.upperParam!;
  const limitParam = spec.limitParam;
  let params = { ...initial };
  let previousOldest = Number.POSITIVE_INFINITY;
  for (let n = 0; n < MAX_PAGES; n++) {
    const result = await fetchShrinking(spec, limitParam, params, fetchPage);
    params = result.params;
    const records: { key: string; timestamp: number; value: unknown }[] = [];
    for (const [key, series] of itemsOf(result.page, spec.items) as [string, unknown][]) {
      if (!series || typeof series !== "object") continue; // e.g. "Entry not accessible."
      for (const [ts, value] of Object.entries(series)) records.push({ key, timestamp: Number(ts), value });
    }
    records.sort((a, b) => b.timestamp - a.timestamp || a.key.localeCompare(b.key));
    yield* records;
    if (records.length === 0) return;
    const oldest = records[records.length - 1]!.timestamp;
    const limit = Number(params[limitParam ?? ""] ?? spec.defaultPageSize ?? Number.NaN);
    const perKey = new Map<string, number>();
    for (const r of records) perKey.set(r.key, (perKey.get(r.key) ?? 0) + 1);
    const full = Number.isFinite(limit) && [...perKey.values()].some((count) => count >= limit);
    if (!full || !(oldest < previousOldest)) return;
    previousOldest = oldest;
    // Timestamps carry three decimals: the next window ends just before the oldest record seen.
    params = { ...params, [upperParam]: Number((oldest - 0.001).toFixed(3)) };
  }
}
