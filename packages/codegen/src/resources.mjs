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
import { exampleChecker } from "./example-check.mjs";
import { deriveRest, NOT_A_COLLECTION, OPTED_OUT } from "./resources-rest.mjs";
import { deriveRpc, NOT_A_FAMILY } from "./resources-rpc.mjs";

const NEEDS_NO_ADVICE = new Set([OPTED_OUT, NOT_A_COLLECTION, NOT_A_FAMILY]);

/**
 * The resource model of one bundled spec: `{ resources, operations, report }`. `report` lists
 * every operation (or action) with `stateful` and, when not, the reason. `imported`: the spec is a
 * provider's published file, whose examples are checked before a sample (and so the seed) uses them.
 */
export function resourceModel(doc, rpc, { imported = false } = {}) {
  const model = { resources: {}, operations: {} };
  const report = [];
  // The seed keys items by the docs samples' values, which judge an imported spec's examples (samples.mjs).
  deriveRest(doc, model, report, { fits: imported ? exampleChecker(doc) : undefined });
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

/** What a stateful operation does, in its reader's terms (`resource` is a collection path or an RPC item type). */
const KIND_TEXT = {
  create: (r) => `stores what it creates in \`${r}\`: later reads, lists, updates and deletes see it.`,
  get: (r) =>
    `reads from \`${r}\` in the mock's store: what earlier calls created or changed (the store starts with the spec's examples).`,
  update: (r) => `changes the item in \`${r}\` in the mock's store: later reads show the change.`,
  delete: (r, marks) =>
    marks
      ? `marks the item in \`${r}\` (${Object.entries(marks)
          .map(([k, v]) => `\`${k}: ${v}\``)
          .join(", ")}) in the mock's store: later reads show it so.`
      : `deletes the item from \`${r}\` in the mock's store: later reads answer not found.`,
  list: (r) =>
    `lists the items of \`${r}\` in the mock's store: the spec's examples it starts with and what earlier calls created.`,
  history: (r) =>
    `reads the value history of the items of \`${r}\` in the mock's store: what earlier updates set, after the spec's examples.`,
};

/**
 * One line per operation in the docs view: what the mock does with it, for the API's users. Why an
 * operation is not stateful is advice to the spec's author: `npm run generate` prints it
 * (mockStateWarnings), the docs do not.
 */
export function addMockStateToDocs(view, model) {
  const byOperation = new Map(model.report.map((r) => [r.operation, r]));
  for (const pathItem of Object.values(view.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = pathItem?.[method];
      const entry = op?.operationId ? byOperation.get(op.operationId) : undefined;
      if (!entry) continue;
      const line = entry.stateful
        ? `**Mock:** keeps state: ${KIND_TEXT[entry.kind](entry.resource, model.resources[entry.resource]?.deleteMarks)}`
        : "**Mock:** answers with this operation's documented example (or one made from its schema) once the request passes the spec's checks; it keeps no state here, so the answer does not reflect earlier calls.";
      op.description = op.description ? `${op.description.trimEnd()}\n\n${line}` : line;
    }
  }
  return view;
}

/**
 * Warnings for `npm run generate` (`file:1:1 warn specforge/mock-stateless: ...`), one per reason:
 * the operations that look like parts of a resource yet answer with examples, why, and what the
 * spec's author can do about it.
 */
export function mockStateWarnings(where, model) {
  const byReason = new Map();
  for (const r of model.report) {
    if (r.stateful || NEEDS_NO_ADVICE.has(r.reason)) continue;
    if (!byReason.has(r.reason)) byReason.set(r.reason, []);
    byReason.get(r.reason).push(r.operation);
  }
  return [...byReason].map(
    ([reason, operations]) =>
      `${where}:1:1 warn specforge/mock-stateless: ${operations.join(", ")} answer${operations.length === 1 ? "s" : ""} with examples: ${reason}; x-mock.resource corrects the model, x-mock.stateful: false keeps the examples and silences this`,
  );
}

/** The generate output's line about the mock: how many operations are stateful, and which are not. */
export function stateSummary(model) {
  const stateful = model.report.filter((r) => r.stateful);
  const other = model.report.filter((r) => !r.stateful).map((r) => r.operation);
  return `mock: ${stateful.length} of ${model.report.length} operations stateful${other.length ? `; example answers: ${other.join(", ")}` : ""}`;
}
