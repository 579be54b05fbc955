// The paging styles a spec's `x-pagination` may declare: the one list. The runtime exports each
// style's paginator as `<style>Pages` (PAGERS in paginate.ts is keyed by this list: a style without
// an implementation does not compile), the generator emits that name as a paged operation's `pages`,
// its lint rule reads the required fields from it, and docs/spec-conventions.md is checked against it.
// Plain JavaScript so that the generator can read it before anything is compiled.

/**
 * Each style: the `x-pagination` fields it needs, and what its paginator yields: each `item` of
 * the page's items, or a `record` (`{ key, timestamp, value }`) of a time-keyed history.
 */
export const PAGING_STYLES = /** @type {const} */ ({
  cursor: { required: ["items", "cursorParam", "nextCursor"], yields: "item" },
  offset: { required: ["items", "limitParam", "offsetParam"], yields: "item" },
  window: { required: ["items", "upperParam"], yields: "record" },
});
