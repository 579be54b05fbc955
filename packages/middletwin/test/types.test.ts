/**
 * Type tests: checked by `tsc -p tsconfig.json` (the package's test script runs it before vitest).
 * The calls sit in functions that are never run; only their types matter.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  createMiddletwinClient,
  get_all_members,
  get_tenant,
  paginate,
  type components,
  type MiddletwinClient,
} from "../src/index.js";

type Schemas = components["schemas"];

describe("types", () => {
  it("types each action's result and parameters from the spec", () => {
    const mt: MiddletwinClient = createMiddletwinClient({ baseUrl: "http://127.0.0.1:9" });

    const typed = () => {
      const tenant = mt.call("get_tenant", { subdomain: "demo" });
      expectTypeOf(tenant).resolves.toHaveProperty("tenant");
      expectTypeOf(tenant).resolves.toEqualTypeOf<Schemas["GetTenantResponse"]>();

      const members = mt.call("get_all_members", { limit: 25 });
      expectTypeOf(members).resolves.toHaveProperty("members");
      expectTypeOf(members).resolves.not.toHaveProperty("tenant");
      expectTypeOf(members).resolves.toEqualTypeOf<Schemas["GetAllMembersResponse"]>();

      // The per-action method is typed exactly as call().
      expectTypeOf(mt.get_all_members({ limit: 25 })).toEqualTypeOf(members);
      // The standalone action function takes the same parameters after the client.
      expectTypeOf(get_all_members(mt, { limit: 25 })).toEqualTypeOf(members);

      // Paginators yield the items of the list; the standalone paginate is typed like the method.
      expectTypeOf(mt.paginate.get_all_members({ limit: 2 })).toEqualTypeOf<AsyncIterable<Schemas["Member"]>>();
      expectTypeOf(paginate(mt, get_all_members, { limit: 2 })).toEqualTypeOf<AsyncIterable<Schemas["Member"]>>();
      // @ts-expect-error: `limit` takes a number
      void paginate(mt, get_all_members, { limit: true });
      // @ts-expect-error: get_tenant does not paginate
      void paginate(mt, get_tenant, { subdomain: "demo" });

      // A wrong action name does not compile.
      // @ts-expect-error: no such action
      void mt.call("get_tenants", { subdomain: "demo" });
      // @ts-expect-error: no such method
      void mt.get_all_member({ limit: 25 });

      // A wrong or missing parameter does not compile.
      // @ts-expect-error: get_tenant takes `subdomain`, not `domain`
      void mt.call("get_tenant", { domain: "demo" });
      // @ts-expect-error: `subdomain` is required
      void mt.call("get_tenant", {});
      // @ts-expect-error: limit is a count, not a boolean
      void mt.get_all_members({ limit: true });
      // @ts-expect-error: the action travels as the first argument, not in the params
      void mt.call("get_tenant", { action: "get_tenant", subdomain: "demo" });
      // @ts-expect-error: a result has no fields of another action
      void mt.call("get_tenant", { subdomain: "demo" }).then((r) => r.members);
    };
    expectTypeOf(typed).toBeFunction();
  });
});
