/**
 * Type tests: checked by `tsc -p tsconfig.json` (the package's test script runs it before vitest).
 * The calls sit in a function that is never run; only their types matter.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { WindowRecord } from "@specforge/runtime";
import {
  createTrustedTwinClient,
  get_batches,
  get_twin,
  get_twin_ledger_entry_history,
  paginate,
  type components,
  type TrustedTwinClient,
} from "../src/index.js";

type Schemas = components["schemas"];
const TWIN = "3f6a2b1e-9c4d-4e8f-a1b2-7c3d5e6f8a90";

describe("types", () => {
  it("types each operation's parameters, body and result from the spec", () => {
    const tt: TrustedTwinClient = createTrustedTwinClient({ secret: "s", baseUrl: "http://127.0.0.1:1" });

    const typed = () => {
      // Results: the 2xx JSON body. If these fail with "Actual: any", @specforge/runtime's
      // CallResult (src/types.ts) has lost the response types.
      expectTypeOf(tt.who_am_i()).resolves.toEqualTypeOf<{ account: string; user: string; role: string }>();
      expectTypeOf(tt.who_am_i()).resolves.toHaveProperty("account").toEqualTypeOf<string>();
      expectTypeOf(tt.get_twin({ path: { twin: TWIN } })).resolves.toEqualTypeOf<Schemas["Twin"]>();
      expectTypeOf(tt.get_twin({ path: { twin: TWIN } }))
        .resolves.toHaveProperty("status")
        .toEqualTypeOf<"alive" | "terminated">();

      // Paginators yield the items of the spec's `x-pagination.items`.
      expectTypeOf(tt.paginate.get_log()).toEqualTypeOf<AsyncIterable<string>>();
      expectTypeOf(tt.paginate.get_batches()).toEqualTypeOf<
        AsyncIterable<[key: string, value: Schemas["BatchStatus"]]>
      >();
      expectTypeOf(
        tt.paginate.get_twin_ledger_entry_history({ path: { twin: TWIN, ledger: "personal" } }),
      ).toEqualTypeOf<AsyncIterable<WindowRecord>>();
      // The standalone paginate(core, op, init) is typed like the method.
      expectTypeOf(paginate(tt, get_batches)).toEqualTypeOf<
        AsyncIterable<[key: string, value: Schemas["BatchStatus"]]>
      >();
      expectTypeOf(
        paginate(tt, get_twin_ledger_entry_history, { path: { twin: TWIN, ledger: "personal" } }),
      ).toEqualTypeOf<AsyncIterable<WindowRecord>>();
      // @ts-expect-error: the path parameters are required, as for the method
      void paginate(tt, get_twin_ledger_entry_history);
      // @ts-expect-error: get_twin does not paginate
      void paginate(tt, get_twin, { path: { twin: TWIN } });

      // Path parameters are required.
      // @ts-expect-error: get_twin needs { path: { twin } }
      void tt.get_twin();
      // @ts-expect-error: path.twin is required
      void tt.get_twin({ path: {} });
      // @ts-expect-error: path.twin is a string
      void tt.get_twin({ path: { twin: 42 } });
      // The ledger is an account UUID or one of the aliases the operation allows.
      void tt.get_twin_ledger_entry({ path: { twin: TWIN, ledger: "creator" } });

      // Query parameters are typed.
      void tt.get_twin({ path: { twin: TWIN }, query: { show_terminated: false } });
      // @ts-expect-error: show_terminated is a boolean
      void tt.get_twin({ path: { twin: TWIN }, query: { show_terminated: "no" } });
      // @ts-expect-error: count is a number
      void tt.scan_twins({ query: { count: "100" } });
      // @ts-expect-error: no such query parameter
      void tt.scan_twins({ query: { page: 2 } });

      // Bodies are typed.
      void tt.create_twin({ body: { description: { serial: "AB123" } } });
      void tt.create_twin();
      // @ts-expect-error: description is an object or null
      void tt.create_twin({ body: { description: 5 } });
      // @ts-expect-error: role is required to create a user
      void tt.create_user({ body: { name: "Alice" } });

      // Per-call options: a dictionary object for X-TrustedTwin.
      void tt.who_am_i(undefined, { dictionary: { serial: "AB123" }, timeoutMs: 5000 });
      // @ts-expect-error: the dictionary is an object, not a pre-encoded string
      void tt.who_am_i(undefined, { dictionary: "eyJ9" });
      // @ts-expect-error: no such operation
      void tt.get_twins({ path: { twin: TWIN } });
      // @ts-expect-error: the secret is required
      void createTrustedTwinClient({ baseUrl: "http://127.0.0.1:1" });
    };
    expectTypeOf(typed).toBeFunction();
  });
});
