import { describe, expect, it } from "vitest";
import {
  escapePointer,
  pointerOf,
  pointerTo,
  refName,
  resolvePointer,
  resolveRef,
  unescapePointer,
} from "../src/index.mjs";

const doc = {
  components: {
    schemas: {
      Pet: { type: "object" },
      Alias: { $ref: "#/components/schemas/Pet" },
      "a/b~c": { type: "string" },
      Loop: { $ref: "#/components/schemas/Loop" },
    },
  },
  paths: { "/pets/{id}": { get: { operationId: "getPet" } } },
};

describe("JSON pointers and $ref", () => {
  it("escapes and unescapes reference tokens as RFC 6901 says", () => {
    expect(escapePointer("a/b~c")).toBe("a~1b~0c");
    expect(unescapePointer("a~1b~0c")).toBe("a/b~c");
    expect(pointerTo("paths", "/pets/{id}", "get")).toBe("#/paths/~1pets~1{id}/get");
    expect(resolvePointer(doc, pointerTo("paths", "/pets/{id}", "get")).operationId).toBe("getPet");
  });

  it("follows a chain of references to the node that is no reference", () => {
    expect(resolveRef(doc, { $ref: "#/components/schemas/Alias" })).toBe(doc.components.schemas.Pet);
    expect(resolveRef(doc, { $ref: "#/components/schemas/a~1b~0c" })).toEqual({ type: "string" });
    expect(resolveRef(doc, { type: "integer" })).toEqual({ type: "integer" });
    expect(resolveRef(doc, undefined)).toBeUndefined();
  });

  it("says which reference failed: a cycle, a dangling one (strict), a non-local one", () => {
    expect(() => resolveRef(doc, { $ref: "#/components/schemas/Loop" })).toThrow(
      /cycle at #\/components\/schemas\/Loop/,
    );
    expect(resolveRef(doc, { $ref: "#/components/schemas/Nope" })).toBeUndefined();
    expect(() => resolveRef(doc, { $ref: "#/components/schemas/Nope" }, { strict: true })).toThrow(
      "unresolved $ref #/components/schemas/Nope",
    );
    expect(() => resolveRef(doc, { $ref: "other.yaml#/x" })).toThrow(/only local references/);
  });

  it("gives where a node's content lives: its own place, or the target of its last hop", () => {
    const own = pointerTo("paths", "/pets/{id}", "get");
    expect(pointerOf(doc, resolvePointer(doc, own), own)).toBe(own);
    // Alias -> Pet: the pointer an Ajv lookup can follow is Pet's, not Alias's.
    expect(pointerOf(doc, { $ref: "#/components/schemas/Alias" }, "#/paths/x")).toBe("#/components/schemas/Pet");
    expect(() => pointerOf(doc, { $ref: "#/components/schemas/Loop" }, "#/x")).toThrow(/cycle/);
  });

  it("names the component a reference points at", () => {
    expect(refName("#/components/schemas/a~1b")).toBe("a/b");
  });
});
