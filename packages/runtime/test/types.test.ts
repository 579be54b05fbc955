import { describe, expectTypeOf, it } from "vitest";
import type { CallResult, Core, OperationFn } from "../src/index.js";

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Item = { id: string; name: string };

describe("CallResult", () => {
  it("is the 2xx JSON body, never any", () => {
    type Op = {
      parameters: {};
      responses: { 200: Json<Item>; 404: Json<{ message: string }>; 500: Json<{ trace: string }> };
    };
    expectTypeOf<CallResult<Op>>().toEqualTypeOf<Item>();
    expectTypeOf<CallResult<Op>>().not.toBeAny();
  });

  it("is the union of every declared 2xx body", () => {
    type Op = { parameters: {}; responses: { 200: Json<Item>; 201: Json<{ created: true }> } };
    expectTypeOf<CallResult<Op>>().toEqualTypeOf<Item | { created: true }>();
  });

  it("reads a vendor JSON media type, and is undefined for a 204 without content", () => {
    type Vendor = {
      parameters: {};
      responses: { 200: { headers: {}; content: { "application/vnd.api+json": Item } } };
    };
    expectTypeOf<CallResult<Vendor>>().toEqualTypeOf<Item>();
    type NoContent = { parameters: {}; responses: { 204: { headers: {}; content?: never } } };
    expectTypeOf<CallResult<NoContent>>().toEqualTypeOf<undefined>();
  });

  it("types the operation functions", () => {
    type Op = { parameters: { path: { id: string } }; responses: { 200: Json<Item> } };
    const op = null as unknown as OperationFn<Op>;
    const client = null as unknown as Core;
    const typed = () => {
      expectTypeOf(op(client, { path: { id: "1" } })).resolves.toEqualTypeOf<Item>();
      // @ts-expect-error: the path parameter is required
      void op(client, {});
      // @ts-expect-error: init is required when something in it is
      void op(client);
    };
    void typed;
  });
});

describe("CallResult of a download", () => {
  it("is a Blob when the 2xx answer is not JSON", () => {
    type Download = {
      parameters: {};
      responses: { 200: { headers: {}; content: { "application/octet-stream": string } } };
    };
    expectTypeOf<CallResult<Download>>().toEqualTypeOf<Blob>();
  });
});
