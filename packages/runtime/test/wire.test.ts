// The runtime's wire serialisation (src/wire.ts) against openapi-fetch 0.17 (a devDependency, the
// oracle): a generated set of values, serialised in every style and explode combination OpenAPI 3.1
// allows for path and query, with and without allowReserved. Where the two differ, the difference
// must be one of DIFFERENCES below, each justified against the OpenAPI or RFC text (and recorded
// in docs/decisions.md): the oracle's output, corrected by the differences that apply to the case,
// must equal ours byte for byte. A new difference, or a justified one that stops holding, fails.
import { createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { caught, scripted } from "./helpers.js";
import { createCore, operation } from "../src/index.js";
import { encodeStrict } from "../src/encoding.js";
import { serializeParams, type ParamFormats, type ParamStyle, type ParamValues } from "../src/params.js";
import { encodeReserved, expand, styleParams } from "../src/wire.js";

/** The URL, and the parameter headers, a call with `styleParams` sends. */
const buildUrl = (operation: string, baseUrl: string, path: string, params: ParamValues, formats?: ParamFormats) =>
  serializeParams(styleParams, operation, baseUrl, path, params, formats).url;
const paramHeaders = (params: ParamValues, formats?: ParamFormats) =>
  serializeParams(styleParams, "op", "", "", params, formats).headers ?? {};

const NAME = "color";

const STRINGS = [
  "blue",
  "",
  "a b",
  "ä€😀",
  "a/b?c#d",
  "x&y=z;w,v",
  "100%",
  "%41%zz",
  "!'()*",
  "[a]@b:c$d+e",
  "~-._",
  'a|b"<>^`{}\\',
];
const PRIMITIVES: unknown[] = [...STRINGS, 0, -1.5, 1e21, true, false];
const ARRAYS: unknown[] = [["blue", "black", "brown"], ["a b", "c,d", "e|f"], ["!x", "y/z"], [1, true], ["only"], []];
const OBJECTS: unknown[] = [
  { R: 100, G: 200, B: 150 },
  { "a b": "c/d", "e&f": "g=h" },
  { x: "!'" },
  { n: 1, skipped: undefined },
  {},
];
const VALUES = [...PRIMITIVES, ...ARRAYS, ...OBJECTS];

interface Case {
  in: "path" | "query";
  style: ParamStyle;
  explode: boolean;
  allowReserved: boolean;
  value: unknown;
}

/** Every style and explode the OpenAPI 3.1 Parameter Object allows per location (its Style Values table). */
const COMBINATIONS: Omit<Case, "value">[] = [
  ...(["simple", "label", "matrix"] as const).flatMap((style) =>
    [false, true].map((explode) => ({ in: "path" as const, style, explode, allowReserved: false })),
  ),
  ...(
    [
      ["form", false],
      ["form", true],
      ["spaceDelimited", false],
      ["pipeDelimited", false],
      ["deepObject", true],
    ] as const
  ).flatMap(([style, explode]) =>
    [false, true].map((allowReserved) => ({ in: "query" as const, style, explode, allowReserved })),
  ),
];

const kind = (v: unknown) =>
  Array.isArray(v) ? "array" : typeof v === "object" && v !== null ? "object" : "primitive";
/** Styles OpenAPI defines only for some value types (the "n/a" cells of its Style Examples table). */
const defined = (c: Case) =>
  (c.style !== "deepObject" || kind(c.value) === "object") &&
  (!["spaceDelimited", "pipeDelimited"].includes(c.style) || kind(c.value) !== "primitive");

const CASES: Case[] = COMBINATIONS.flatMap((combination) => VALUES.map((value) => ({ ...combination, value }))).filter(
  defined,
);

const ours = (c: Case): string => {
  const formats = { [c.in]: { [NAME]: { style: c.style, explode: c.explode, allowReserved: c.allowReserved } } };
  const url = buildUrl("op", "", c.in === "path" ? `/p/{${NAME}}` : "/p", { [c.in]: { [NAME]: c.value } }, formats);
  return c.in === "path" ? url.slice("/p/".length) : url.slice("/p?".length);
};

/** openapi-fetch writes path styles as RFC 6570 operators in the template; query styles as serialiser options. */
function oracle(c: Case, value = c.value): string {
  if (c.in === "path") {
    const operator = { simple: "", label: ".", matrix: ";" }[c.style as "simple"];
    const template = `/p/{${operator}${NAME}${c.explode ? "*" : ""}}`;
    return defaultPathSerializer(template, { [NAME]: value }).slice("/p/".length);
  }
  const format = { style: c.style, explode: c.explode } as never;
  const serialise = createQuerySerializer({ array: format, object: format, allowReserved: c.allowReserved });
  return serialise({ [NAME]: value });
}

const SUB_DELIMS = /[!'()*]/;
const hasEntries = (v: unknown) => typeof v === "object" && v !== null && Object.keys(v).length > 0;
const texts = (v: unknown): string[] =>
  kind(v) === "primitive"
    ? [String(v)]
    : Array.isArray(v)
      ? v.map(String)
      : Object.entries(v as object).flatMap(([k, x]) => [k, String(x)]);

interface Difference {
  id: string;
  /** Why ours differs, against the OpenAPI 3.1 or RFC text. */
  why: string;
  applies(c: Case): boolean;
  /** The oracle's output as the difference corrects it. */
  correct(out: string, c: Case): string;
}

/** Every way ours differs from openapi-fetch, in the order their corrections apply. */
export const DIFFERENCES: Difference[] = [
  {
    id: "empty-list-or-object-undefined",
    why: "An empty list, or an object without members, is undefined in RFC 6570 §2.3, and an undefined variable expands to nothing, operator prefix included (§3.2.1): no `color=` in a query, no `.` or `;color=` in a path. openapi-fetch writes `color=` for a form explode=false object and the prefix for a label or matrix list.",
    applies: (c) => kind(c.value) !== "primitive" && texts(c.value).length === 0,
    correct: () => "",
  },
  {
    id: "undefined-members-skipped",
    why: "Object members whose value is undefined are left out (RFC 6570 §3.2.1 ignores undefined values); openapi-fetch writes `undefined` or an empty part.",
    applies: (c) => kind(c.value) === "object" && Object.values(c.value as object).includes(undefined),
    correct: (_out, c) =>
      oracle(c, Object.fromEntries(Object.entries(c.value as object).filter(([, v]) => v !== undefined))),
  },
  {
    id: "object-keys-encoded",
    why: "An object's keys are data like its values and are percent-encoded (RFC 3986 §2.1: a space or `&` cannot stand in a URI); openapi-fetch writes keys as they are.",
    applies: (c) => hasEntries(c.value) && !Array.isArray(c.value),
    correct: (out, c) => {
      const encode = c.allowReserved ? encodeReserved : encodeStrict;
      let corrected = out;
      for (const key of Object.keys(c.value as object)) {
        if (encode(key) === key) continue;
        // A key stands raw in openapi-fetch's output before its `=`, `,`, `]` or at the start.
        corrected = corrected.split(key).join(encode(key));
      }
      return corrected;
    },
  },
  {
    id: "delimited-objects",
    why: "spaceDelimited and pipeDelimited objects follow OpenAPI's Style Examples (`color=R%20100%20G%20200`); openapi-fetch supports these styles for arrays only and writes an object's pairs comma-joined without its name.",
    applies: (c) =>
      (c.style === "spaceDelimited" || c.style === "pipeDelimited") &&
      kind(c.value) === "object" &&
      hasEntries(c.value),
    correct: (out, c) => `${NAME}=${out.split(",").join(c.style === "spaceDelimited" ? "%20" : "|")}`,
  },
  {
    id: "pipe-encoded",
    why: "`|` is neither unreserved nor reserved in RFC 3986 (§2.2, §2.3), so a URI cannot hold it: pipeDelimited joins with `%7C`, which servers decode to `|`; openapi-fetch writes a raw `|`.",
    applies: (c) => c.style === "pipeDelimited",
    correct: (out) => out.replace(/\|/g, "%7C"),
  },
  {
    id: "sub-delims-encoded",
    why: "Without allowReserved every character outside RFC 3986's unreserved set is percent-encoded (RFC 6570 §3.2.1, which OpenAPI's styles follow), `!'()*` included; openapi-fetch uses encodeURIComponent, which leaves them raw.",
    applies: (c) => !c.allowReserved && texts(c.value).some((t) => SUB_DELIMS.test(t)),
    correct: (out) => out.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`),
  },
  {
    id: "allow-reserved-encodes-the-rest",
    why: "allowReserved lets RFC 3986's reserved characters (`:/?#[]@!$&'()*+,;=`) and `%XX` triplets through (RFC 6570 reserved expansion); every other character is still percent-encoded. openapi-fetch writes the value unencoded, so a space or a non-ASCII character would go out raw.",
    applies: (c) => c.allowReserved && texts(c.value).some((t) => encodeReserved(t) !== t),
    correct: (out) => encodeReserved(out),
  },
  {
    id: "matrix-empty",
    why: "A matrix parameter whose value is empty is `;color`, without `=` (OpenAPI 3.1 Style Examples, the `empty` column; RFC 6570 §3.2.7); openapi-fetch writes `;color=`.",
    applies: (c) => c.style === "matrix" && c.value === "",
    correct: (out) => out.replace(/=$/, ""),
  },
];

describe("wire serialisation against openapi-fetch 0.17 (the oracle)", () => {
  it("covers every style and explode combination OpenAPI allows, on every kind of value", () => {
    expect(new Set(CASES.map((c) => `${c.in} ${c.style} ${c.explode}`)).size).toBe(11);
    for (const k of ["primitive", "array", "object"]) expect(CASES.some((c) => kind(c.value) === k)).toBe(true);
    expect(CASES.length).toBeGreaterThan(250);
  });

  it("equals the oracle, or differs only as a justified difference says", () => {
    const unexplained: string[] = [];
    const used = new Set<string>();
    for (const c of CASES) {
      const got = ours(c);
      const raw = oracle(c);
      if (got === raw) continue;
      let corrected = raw;
      for (const difference of DIFFERENCES) {
        if (!difference.applies(c)) continue;
        corrected = difference.correct(corrected, c);
        used.add(difference.id);
      }
      if (corrected !== got) {
        unexplained.push(
          `${c.in} ${c.style} explode=${c.explode} allowReserved=${c.allowReserved} ${JSON.stringify(c.value)}: ours ${got} | openapi-fetch ${raw} | corrected ${corrected}`,
        );
      }
    }
    expect(unexplained).toEqual([]);
    // Each listed difference shows up: one that no longer occurs is removed from the list and the decision.
    expect([...used].sort()).toEqual(DIFFERENCES.map((d) => d.id).sort());
  });
});

describe("OpenAPI 3.1's Style Examples table, cell by cell", () => {
  // color = "blue", ["blue","black","brown"], {R:100,G:200,B:150}; "" for the empty column.
  const array = ["blue", "black", "brown"];
  const object = { R: 100, G: 200, B: 150 };
  const table: [ParamStyle, boolean, string | undefined, string, string, string][] = [
    ["matrix", false, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
    ["matrix", true, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
    ["label", false, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
    ["label", true, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
    ["form", false, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
    ["form", true, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
    ["simple", false, "", "blue", "blue,black,brown", "R,100,G,200,B,150"],
    ["simple", true, "", "blue", "blue,black,brown", "R=100,G=200,B=150"],
  ];
  it.each(table)("%s explode=%s", (style, explode, empty, string, arr, obj) => {
    expect(expand(NAME, "", style, explode)).toBe(empty);
    expect(expand(NAME, "blue", style, explode)).toBe(string);
    expect(expand(NAME, array, style, explode)).toBe(arr);
    expect(expand(NAME, object, style, explode)).toBe(obj);
  });
  it("spaceDelimited, pipeDelimited and deepObject", () => {
    expect(expand(NAME, array, "spaceDelimited", false)).toBe("color=blue%20black%20brown");
    expect(expand(NAME, object, "spaceDelimited", false)).toBe("color=R%20100%20G%20200%20B%20150");
    expect(expand(NAME, array, "pipeDelimited", false)).toBe("color=blue%7Cblack%7Cbrown");
    expect(expand(NAME, object, "deepObject", true)).toBe("color[R]=100&color[G]=200&color[B]=150");
  });
});

describe("the URL of a call", () => {
  it("joins the base URL, fills the path and writes the query in the order given", () => {
    expect(
      buildUrl("get", "https://api.example.com/v1", "/twins/{twin}/ledgers/{ledger}", {
        path: { twin: "a b/c", ledger: "personal" },
        query: { show: false, skip: undefined, count: 10, tags: ["x", "y"] },
      }),
    ).toBe("https://api.example.com/v1/twins/a%20b%2Fc/ledgers/personal?show=false&count=10&tags=x&tags=y");
  });
  it("names a missing path parameter instead of sending the template", () => {
    expect(() => buildUrl("get_twin", "", "/twins/{twin}", { path: {} })).toThrow(
      new TypeError('get_twin: path parameter "twin" is missing'),
    );
  });
  it("refuses a nested value OpenAPI cannot serialise, naming the parameter", () => {
    expect(() => buildUrl("op", "", "/p", { query: { filter: [{ a: 1 }] } })).toThrow(/parameter "filter"/);
  });
  it("keeps brackets in a parameter's name (page[size])", () => {
    expect(buildUrl("op", "", "/p", { query: { "page[size]": 5 } })).toBe("/p?page[size]=5");
  });
});

describe("header and cookie parameters", () => {
  it("writes headers in simple style, unencoded, names in lower case", () => {
    expect(
      paramHeaders(
        { header: { "X-Trace": "a b", "X-List": ["1", "2"], "X-Obj": { a: 1, b: 2 }, "X-None": undefined } },
        { header: { "X-Obj": { explode: true } } },
      ),
    ).toEqual({ "x-trace": "a b", "x-list": "1,2", "x-obj": "a=1,b=2" });
  });
  it("writes cookies as percent-encoded name=value pairs joined by '; '", () => {
    expect(paramHeaders({ cookie: { session: "a b;c", ids: ["1", "2"] } })).toEqual({
      cookie: "session=a%20b%3Bc; ids=1; ids=2",
    });
    expect(paramHeaders({ cookie: { ids: ["1", "2"] } }, { cookie: { ids: { explode: false } } })).toEqual({
      cookie: "ids=1,2",
    });
  });
});

describe("a call sends its parameters as the operation's formats say", () => {
  it("styles from OperationSpec.params reach the wire; a missing path parameter fails before any request", async () => {
    const wire = scripted([]);
    const core = createCore({ baseUrl: "https://api.example.com/", fetch: wire.fetch });
    const list = operation<never>("list_things", "GET", "/things/{ids}", {
      idempotent: true,
      serialize: styleParams,
      params: {
        path: { ids: { style: "label", explode: true } },
        query: { tags: { style: "pipeDelimited", explode: false }, next: { allowReserved: true } },
        header: { "X-Filter": { explode: true } },
      },
    }) as unknown as (core: unknown, init: object) => Promise<unknown>;
    await list(core, {
      path: { ids: ["a", "b"] },
      query: { tags: ["x y", "z"], next: "/page?n=2" },
      header: { "X-Filter": { a: 1 } },
      cookie: { session: "s 1" },
    });
    expect(wire.requests[0]?.url).toBe("https://api.example.com/things/.a.b?tags=x%20y%7Cz&next=/page?n=2");
    expect(wire.requests[0]?.headers.get("x-filter")).toBe("a=1");
    expect(wire.requests[0]?.headers.get("cookie")).toBe("session=s%201");
    const error = await caught(list(core, { path: {} }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('list_things: path parameter "ids" is missing');
    expect(wire.requests).toHaveLength(1);
  });
});

describe("an operation without styleParams sends single values", () => {
  it("in each location's default style, and refuses a list or an object with a TypeError", async () => {
    const wire = scripted([]);
    const core = createCore({ baseUrl: "https://api.example.com", fetch: wire.fetch });
    const get = operation<never>("get_thing", "GET", "/things/{id}") as unknown as (
      core: unknown,
      init: object,
    ) => Promise<unknown>;
    await get(core, {
      path: { id: "a/b c" },
      query: { "page[size]": 5, q: "x&y", empty: "", skipped: undefined, none: null, on: true },
      header: { "X-Trace": "t 1" },
      cookie: { session: "s;1" },
    });
    expect(wire.requests[0]?.url).toBe("https://api.example.com/things/a%2Fb%20c?page[size]=5&q=x%26y&empty=&on=true");
    expect(wire.requests[0]?.headers.get("x-trace")).toBe("t 1");
    expect(wire.requests[0]?.headers.get("cookie")).toBe("session=s%3B1");
    // The same values through styleParams: single values are written alike.
    expect(
      buildUrl("get_thing", "https://api.example.com", "/things/{id}", {
        path: { id: "a/b c" },
        query: { "page[size]": 5, q: "x&y", empty: "", skipped: undefined, none: null, on: true },
      }),
    ).toBe(wire.requests[0]?.url);
    for (const init of [{ path: { id: ["1", "2"] } }, { path: { id: "1" }, query: { ids: { a: 1 } } }]) {
      const error = await caught(get(core, init));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^get_thing: (path|query) parameter "(id|ids)" takes a single value, not (a list|an object)$/,
      );
    }
    expect(wire.requests).toHaveLength(1);
  });
});
