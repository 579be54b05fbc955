/**
 * Type tests: checked by `tsc -p tsconfig.json` (the package's test script runs it before vitest).
 * The calls sit in a function that is never run; only their types matter.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  createMidaxoClient,
  list_projects,
  paginate,
  type components,
  type MidaxoClient,
  type MidaxoRegion,
} from "../src/index.js";

type Schemas = components["schemas"];

describe("types", () => {
  it("types each operation's parameters and result from the spec", () => {
    const midaxo: MidaxoClient = createMidaxoClient({ region: "eu", clientId: "id", clientSecret: "secret" });
    expectTypeOf<MidaxoRegion>().toEqualTypeOf<"eu" | "us">();

    const typed = () => {
      // Results: the 2xx JSON body of the operation. If these two lines fail with "Actual: any",
      // @specforge/runtime's CallResult (src/types.ts) has lost the response types.
      expectTypeOf(midaxo.get_process({ path: { processId: "p" } })).resolves.toEqualTypeOf<Schemas["Process"]>();
      expectTypeOf(midaxo.paginate.list_projects({ path: { processId: "p" }, query: { first: 2 } })).toEqualTypeOf<
        AsyncIterable<Schemas["Project"]>
      >();
      expectTypeOf(paginate(midaxo, list_projects, { path: { processId: "p" }, query: { first: 2 } })).toEqualTypeOf<
        AsyncIterable<Schemas["Project"]>
      >();

      // Parameters.
      void midaxo.list_projects({
        path: { processId: "p" },
        query: { first: 2, after: "hjkmlnp", updatedAfter: "2024-11-24" },
      });
      void midaxo.list_processes();
      // @ts-expect-error: processId is required
      void midaxo.list_projects({ path: {} });
      // @ts-expect-error: first is a number
      void midaxo.list_projects({ path: { processId: "p" }, query: { first: "2" } });
      // @ts-expect-error: no such query parameter
      void midaxo.list_projects({ path: { processId: "p" }, query: { limit: 2 } });
      // @ts-expect-error: no such operation
      void midaxo.list_project({ path: { processId: "p" } });
      // @ts-expect-error: no such region
      void createMidaxoClient({ region: "apac", clientId: "id", clientSecret: "secret" });
    };
    expectTypeOf(typed).toBeFunction();
  });
});
