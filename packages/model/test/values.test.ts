import { describe, expect, it } from "vitest";
import { fill, getPath, parameterExample, schemaExample, setPath } from "../src/index.mjs";

describe("value helpers", () => {
  it("reads and writes nested values by key list or dotted path", () => {
    const v = { a: { b: [10, 20] } };
    expect(getPath(v, ["a", "b", 1])).toBe(20);
    expect(getPath(v, "a.b.0")).toBe(10);
    expect(getPath(v, "a.x.y")).toBeUndefined();
    expect(setPath({}, ["x", "y"], 1)).toEqual({ x: { y: 1 } });
    expect(setPath({ x: 5 }, "x.y", 1)).toEqual({ x: { y: 1 } });
  });

  it("fills {name} placeholders deeply and leaves unknown ones", () => {
    expect(fill({ url: "/twins/{twin}", list: ["{n}", "{other}"] }, { twin: "t1", n: 3 })).toEqual({
      url: "/twins/t1",
      list: ["3", "{other}"],
    });
  });

  it("finds the example a schema or parameter documents", () => {
    const doc = { components: { schemas: { Id: { type: "string", examples: ["a1"] } } } };
    expect(schemaExample(doc, { $ref: "#/components/schemas/Id" })).toBe("a1");
    expect(schemaExample(doc, { allOf: [{ type: "string" }, { default: 5 }] })).toBe(5);
    expect(schemaExample(doc, { enum: ["x", "y"] })).toBe("x");
    expect(schemaExample(doc, { type: "string" })).toBeUndefined();
    expect(parameterExample(doc, { name: "p", examples: { one: { value: 7 } } })).toBe(7);
    expect(parameterExample(doc, { name: "p", schema: { $ref: "#/components/schemas/Id" } })).toBe("a1");
  });
});
