// Two copies of the runtime in one program (an ESM import and a `require` of the same package, or
// two installed versions: decision #21 accepts that) must still work together: a core made by one
// copy runs the operations of the other, and errors from either are recognised by both.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as esm from "../dist/index.js";
import { json, scripted } from "./helpers.js";

const cjs = createRequire(import.meta.url)("../dist/cjs/index.js") as typeof esm;

describe("two copies of the runtime", () => {
  it("are two copies (the built ESM and CommonJS twins)", () => {
    expect(cjs.createCore).not.toBe(esm.createCore);
  });

  it("a core from one copy runs an operation from the other", async () => {
    const wire = scripted([json(200, { id: "1" }), json(200, { id: "2" })]);
    const getThing = cjs.operation<never>("get_thing", "GET", "/things/1", { idempotent: true });
    const core = esm.createCore({ baseUrl: "http://api.test", fetch: wire.fetch });
    expect(await (getThing as any)(core)).toEqual({ id: "1" });
    const back = esm.operation<never>("get_thing", "GET", "/things/1", { idempotent: true });
    expect(await (back as any)(cjs.createCore({ baseUrl: "http://api.test", fetch: wire.fetch }))).toEqual({ id: "2" });
  });
});
