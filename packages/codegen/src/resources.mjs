// The resource model of the stateful mock, derived from one bundled spec: which operations create,
// read, update, delete and list which resource, where an item's key lives, how lists page, what
// not-found looks like, and the seed (the spec's examples). It goes into the mock view as
// `x-specforge-mock.resources` / `.operations`; the router (@specforge/mock state.mjs) runs it.
// Heuristics, each overridable with `x-mock.resource` on an operation (or `x-mock.stateful: false`):
// - REST: a collection path C (POST creates, GET lists) and its item path C/{p} (GET, PATCH/PUT,
//   DELETE); nested collections are scoped by the parent path parameters.
// - Keyed maps: an operation whose body or answer has one member that is a map (an object with
//   only `additionalProperties`), e.g. `{identities: {<name>: {...}}}`: items keyed by map key.
// - RPC: actions create_<t> / get_<t> / update_<t> / delete_<t> / get_all_<t>s, keyed by `id`.
// Anything the model cannot place stays stateless (example answers), with the reason reported.
// Knows no provider by name. The REST half is resources-rest.mjs, the RPC half resources-rpc.mjs,
// the schema readers they share resource-schemas.mjs.
import { HTTP_METHODS } from "@specforge/model";
import { deriveRest } from "./resources-rest.mjs";
import { deriveRpc } from "./resources-rpc.mjs";

/**
 * The resource model of one bundled spec: `{ resources, operations, report }`. `report` lists
 * every operation (or action) with `stateful` and, when not, the reason.
 */
export function resourceModel(doc, rpc) {
  const model = { resources: {}, operations: {} };
  const report = [];
  deriveRest(doc, model, report);
  if (rpc) deriveRpc(doc, rpc, model, report);
  report.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
  return { ...model, report };
}

// ---------------------------------------------------------------------------------------------
// Where the model goes: the mock view (for the router), the docs view and the generate output.

/** Writes the model into the mock view's router rules (`x-specforge-mock.resources` / `.operations`). */
export function addResourceModel(view, model) {
  const router = view["x-specforge-mock"];
  router.resources = model.resources;
  router.operations = model.operations;
  return view;
}

const KIND_TEXT = {
  create: "creates an item of",
  get: "reads an item of",
  update: "updates an item of",
  delete: "deletes an item of",
  list: "lists",
};

/** One line per operation in the docs view: what the mock does with it (stateful or example answers, and why). */
export function addMockStateToDocs(view, model) {
  const byOperation = new Map(model.report.map((r) => [r.operation, r]));
  for (const pathItem of Object.values(view.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem?.[method];
      const entry = op?.operationId ? byOperation.get(op.operationId) : undefined;
      if (!entry) continue;
      const line = entry.stateful
        ? `**Mock:** stateful: ${KIND_TEXT[entry.kind]} \`${entry.resource}\` in the mock's store.`
        : `**Mock:** answers with the spec's examples (not stateful: ${entry.reason}).`;
      op.description = op.description ? `${op.description.trimEnd()}\n\n${line}` : line;
    }
  }
  return view;
}

/** The generate output's line about the mock: how many operations are stateful, and which are not. */
export function stateSummary(model) {
  const stateful = model.report.filter((r) => r.stateful);
  const other = model.report.filter((r) => !r.stateful).map((r) => r.operation);
  return `mock: ${stateful.length} of ${model.report.length} operations stateful${other.length ? `; example answers: ${other.join(", ")}` : ""}`;
}
