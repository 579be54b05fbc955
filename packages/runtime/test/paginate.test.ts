import { describe, expect, it } from "vitest";
import { getPath, PAGERS, pageThrough, SpecforgeError, type PageFetcher, type PaginationSpec } from "../src/index.js";

async function collect<T>(iterable: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) throw new Error("paginator did not stop");
  }
  return out;
}

/** A page fetcher over a function of the parameters, recording each call. */
function pages(answer: (params: Record<string, unknown>) => unknown) {
  const calls: Record<string, unknown>[] = [];
  const fetchPage: PageFetcher = async (params) => {
    calls.push(params);
    return answer(params);
  };
  return { calls, fetchPage };
}

/** Pages through with the paginator of the spec's style, as an operation's `pages` fact gives it. */
const through = (spec: PaginationSpec, initial: Record<string, unknown>, fetchPage: PageFetcher) =>
  pageThrough(spec, initial, fetchPage, PAGERS[spec.style]);

const tooLarge = (status = 413) =>
  new SpecforgeError({ kind: "validation", message: "too large", operation: "list", status, attempts: 1 });

describe("getPath", () => {
  it("follows dot paths and stops on non-objects", () => {
    expect(getPath({ a: { b: { c: 1 } } }, "a.b.c")).toBe(1);
    expect(getPath({ a: null }, "a.b")).toBeUndefined();
    expect(getPath("x", "a")).toBeUndefined();
  });
});

describe("cursor pages", () => {
  const spec: PaginationSpec = {
    style: "cursor",
    items: "data",
    cursorParam: "after",
    nextCursor: "paging.next",
    pageSizeParam: "first",
  };
  const book: Record<string, { data: number[]; paging: { next: string | null } }> = {
    "": { data: [1, 2], paging: { next: "c2" } },
    c2: { data: [3, 4], paging: { next: "c3" } },
    c3: { data: [5], paging: { next: null } },
  };

  it("follows the cursor and stops on a null cursor", async () => {
    const p = pages((q) => book[String(q.after ?? "")]);
    expect(await collect(through(spec, { first: 2 }, p.fetchPage))).toEqual([1, 2, 3, 4, 5]);
    expect(p.calls).toEqual([{ first: 2 }, { first: 2, after: "c2" }, { first: 2, after: "c3" }]);
  });

  it("stops on an empty, absent or blank cursor", async () => {
    for (const next of ["", undefined]) {
      const p = pages(() => ({ data: [1], paging: { next } }));
      expect(await collect(through(spec, {}, p.fetchPage))).toEqual([1]);
      expect(p.calls).toHaveLength(1);
    }
  });

  it("stops on an empty page even if a cursor is given", async () => {
    const p = pages((q) => (q.after ? { data: [], paging: { next: "again" } } : { data: [1], paging: { next: "c2" } }));
    expect(await collect(through(spec, {}, p.fetchPage))).toEqual([1]);
    expect(p.calls).toHaveLength(2);
  });

  it("never loops on a repeated cursor (same as sent, or seen before, or the caller's start)", async () => {
    const same = pages((q) => ({ data: [String(q.after)], paging: { next: q.after ?? "c1" } }));
    expect(await collect(through(spec, {}, same.fetchPage))).toEqual(["undefined", "c1"]);

    const cycle: Record<string, string> = { "": "a", a: "b", b: "c", c: "a" };
    const ring = pages((q) => ({
      data: [`item-${String(q.after ?? "")}`],
      paging: { next: cycle[String(q.after ?? "")] },
    }));
    expect(await collect(through(spec, {}, ring.fetchPage))).toEqual(["item-", "item-a", "item-b", "item-c"]);

    const back = pages((q) => ({ data: [`item-${String(q.after)}`], paging: { next: q.after === "x" ? "y" : "x" } }));
    expect(await collect(through(spec, { after: "x" }, back.fetchPage))).toEqual(["item-x", "item-y"]);
  });

  it("stops when a new cursor brings the same items again", async () => {
    let n = 0;
    const p = pages(() => ({ data: [1, 2], paging: { next: `c${++n}` } }));
    expect(await collect(through(spec, {}, p.fetchPage))).toEqual([1, 2]);
    expect(p.calls).toHaveLength(2);
  });

  it("halves the page size on a shrinkOnStatus answer and keeps the smaller size", async () => {
    const shrinking: PaginationSpec = { ...spec, shrinkOnStatus: [413] };
    const p = pages((q) => {
      if (Number(q.first) > 25) throw tooLarge();
      return book[String(q.after ?? "")];
    });
    expect(await collect(through(shrinking, { first: 100 }, p.fetchPage))).toEqual([1, 2, 3, 4, 5]);
    expect(p.calls.map((c) => c.first)).toEqual([100, 50, 25, 25, 25]);
  });

  it("halves from the default page size when none was sent, and gives up at 1", async () => {
    const shrinking: PaginationSpec = { ...spec, shrinkOnStatus: [413], defaultPageSize: 8 };
    const p = pages(() => {
      throw tooLarge();
    });
    await expect(collect(through(shrinking, {}, p.fetchPage))).rejects.toMatchObject({ status: 413 });
    expect(p.calls.map((c) => c.first)).toEqual([undefined, 4, 2, 1]);
  });

  it("does not shrink on other statuses or without shrinkOnStatus", async () => {
    const p = pages(() => {
      throw tooLarge(500);
    });
    await expect(
      collect(through({ ...spec, shrinkOnStatus: [413] }, { first: 10 }, p.fetchPage)),
    ).rejects.toMatchObject({ status: 500 });
    expect(p.calls).toHaveLength(1);
    const q = pages(() => {
      throw tooLarge(413);
    });
    await expect(collect(through(spec, { first: 10 }, q.fetchPage))).rejects.toMatchObject({ status: 413 });
    expect(q.calls).toHaveLength(1);
  });

  it("yields map entries as [key, value]", async () => {
    const p = pages(() => ({ data: { a: 1, b: 2 }, paging: { next: null } }));
    expect(await collect(through(spec, {}, p.fetchPage))).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
  });
});

describe("offset pages", () => {
  const spec: PaginationSpec = { style: "offset", items: "members", limitParam: "limit", offsetParam: "offset" };
  const all = Array.from({ length: 7 }, (_, i) => i);
  const server = (q: Record<string, unknown>) => {
    const offset = Number(q.offset ?? 0);
    const limit = Number(q.limit ?? 3);
    return { members: all.slice(offset, offset + limit) };
  };

  it("advances by the items received and stops on a short page", async () => {
    const p = pages(server);
    expect(await collect(through(spec, { limit: 3 }, p.fetchPage))).toEqual(all);
    expect(p.calls.map((c) => c.offset)).toEqual([0, 3, 6]);
  });

  it("stops on an empty page when the page is exactly full", async () => {
    const p = pages((q) => ({ members: all.slice(0, 6).slice(Number(q.offset), Number(q.offset) + 3) }));
    expect(await collect(through(spec, { limit: 3 }, p.fetchPage))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.calls.map((c) => c.offset)).toEqual([0, 3, 6]);
  });

  it("uses the default page size to spot a short page when no limit is sent", async () => {
    const p = pages(server);
    expect(await collect(through({ ...spec, defaultPageSize: 3 }, {}, p.fetchPage))).toEqual(all);
    expect(p.calls).toHaveLength(3);
  });

  it("starts at the caller's offset", async () => {
    const p = pages(server);
    expect(await collect(through(spec, { limit: 3, offset: 4 }, p.fetchPage))).toEqual([4, 5, 6]);
  });

  it("stops when the server ignores the offset", async () => {
    const p = pages(() => ({ members: [1, 2, 3] }));
    expect(await collect(through(spec, { limit: 3 }, p.fetchPage))).toEqual([1, 2, 3]);
    expect(p.calls).toHaveLength(2);
  });

  it("halves the limit on shrinkOnStatus and continues with it", async () => {
    const p = pages((q) => {
      if (Number(q.limit) > 2) throw tooLarge();
      return server(q);
    });
    expect(await collect(through({ ...spec, shrinkOnStatus: [413] }, { limit: 4 }, p.fetchPage))).toEqual(all);
    expect(p.calls.map((c) => [c.offset, c.limit])).toEqual([
      [0, 4],
      [0, 2],
      [2, 2],
      [4, 2],
      [6, 2],
    ]);
  });
});

describe("window pages", () => {
  const spec: PaginationSpec = {
    style: "window",
    items: "entries",
    upperParam: "le",
    limitParam: "limit",
    defaultPageSize: 100,
  };
  type History = Record<string, Record<string, number>>;
  const fmt = (t: number) => t.toFixed(3);

  /** A server keeping at most `limit` records per call in total (newest first, all entries). */
  function perCall(history: History) {
    return (q: Record<string, unknown>) => {
      const le = q.le === undefined ? Infinity : Number(q.le);
      const limit = Number(q.limit ?? 100);
      const rows = Object.entries(history)
        .flatMap(([key, series]) => Object.entries(series).map(([ts, v]) => ({ key, ts: Number(ts), v })))
        .filter((r) => r.ts <= le)
        .sort((a, b) => b.ts - a.ts)
        .slice(0, limit);
      const entries: History = {};
      for (const r of rows) (entries[r.key] ??= {})[fmt(r.ts)] = r.v;
      return { entries };
    };
  }

  /** A server keeping at most `limit` records per entry. */
  function perEntry(history: History) {
    return (q: Record<string, unknown>) => {
      const le = q.le === undefined ? Infinity : Number(q.le);
      const limit = Number(q.limit ?? 100);
      const entries: History = {};
      for (const [key, series] of Object.entries(history)) {
        const rows = Object.entries(series)
          .filter(([ts]) => Number(ts) <= le)
          .sort(([a], [b]) => Number(b) - Number(a))
          .slice(0, limit);
        if (rows.length) entries[key] = Object.fromEntries(rows);
      }
      return { entries };
    };
  }

  const series = (from: number, count: number, step = 10) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [fmt(from + i * step), from + i * step]));

  it("pages back with le = oldest - 1 ms and stops on a short page", async () => {
    const history = { temp: series(1000, 5) };
    const p = pages(perCall(history));
    const records = await collect(through(spec, { limit: 2 }, p.fetchPage));
    expect(records.map((r) => (r as { timestamp: number }).timestamp)).toEqual([1040, 1030, 1020, 1010, 1000]);
    expect(p.calls.map((c) => c.le)).toEqual([undefined, 1029.999, 1009.999]);
    expect(records[0]).toEqual({ key: "temp", timestamp: 1040, value: 1040 });
  });

  it("sees every record of several entries when the limit is per call", async () => {
    const history = { a: series(1000, 6, 10), b: series(1005, 6, 10) };
    const p = pages(perCall(history));
    const records = (await collect(through(spec, { limit: 5 }, p.fetchPage))) as {
      key: string;
      timestamp: number;
    }[];
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => `${r.key}@${r.timestamp}`)).size).toBe(12);
  });

  it("sees every record, once, when the limit is per entry", async () => {
    const history = { a: series(1000, 7, 10), b: series(900, 3, 100) };
    const p = pages(perEntry(history));
    const records = (await collect(through(spec, { limit: 3 }, p.fetchPage))) as {
      key: string;
      timestamp: number;
    }[];
    expect(records).toHaveLength(10);
    expect(new Set(records.map((r) => `${r.key}@${r.timestamp}`)).size).toBe(10);
  });

  it("skips entries without history and stops on an empty page", async () => {
    const p = pages(() => ({ entries: { hidden: "Entry not accessible." } }));
    expect(await collect(through(spec, {}, p.fetchPage))).toEqual([]);
    expect(p.calls).toHaveLength(1);
  });

  it("stops when the server ignores the bound", async () => {
    const p = pages(() => ({ entries: { a: series(1000, 2) } }));
    expect(await collect(through(spec, { limit: 2 }, p.fetchPage))).toHaveLength(2);
    expect(p.calls).toHaveLength(2);
  });

  it("halves the limit on shrinkOnStatus", async () => {
    const history = { temp: series(1000, 3) };
    const server = perCall(history);
    const p = pages((q) => {
      if (Number(q.limit) > 2) throw tooLarge();
      return server(q);
    });
    const records = await collect(through({ ...spec, shrinkOnStatus: [413] }, { limit: 4 }, p.fetchPage));
    expect(records).toHaveLength(3);
    expect(p.calls.map((c) => c.limit)).toEqual([4, 2, 2]);
  });
});
