// The RPC half of the resource model: action families create_<t> / get_<t> / update_<t> /
// delete_<t> / get_all_<t>s, keyed by `id` (or `x-action.mock.resource.keyField`), answered in the
// API's envelope. Knows no provider by name.
import { getPath, resolveRef } from "@specforge/model";
import {
  ENVELOPE_FIELDS,
  findIdPath,
  idFormatOf,
  listItemsOf,
  objectSchema,
  placementOf,
  splitPath,
} from "./resource-schemas.mjs";

const FAMILY = /^(create|get|update|delete)_(.+)$/;
const pluralsOf = (t) => [`${t}s`, `${t}es`, t.endsWith("y") ? `${t.slice(0, -1)}ies` : undefined].filter(Boolean);

/** The reason of an action outside every family: not shaped like a resource, nothing to advise (mockStateWarnings). */
export const NOT_A_FAMILY = "not part of a create/get/update/delete/get_all action family";

export function deriveRpc(doc, rpc, model, report) {
  const schemas = doc.components?.schemas ?? {};
  const byName = new Map(rpc.actions.map((a) => [a.action, a]));
  const types = new Set();
  for (const a of rpc.actions) {
    const m = FAMILY.exec(a.action);
    if (m && !a.action.startsWith("get_all_")) types.add(m[2]);
  }
  const placed = new Set();
  const envelopeOk = {
    [rpc.envelope?.success ?? "success"]: true,
    ...(rpc.envelope?.message ? { [rpc.envelope.message]: "" } : {}),
  };
  for (const type of [...types].sort()) {
    const family = {
      create: byName.get(`create_${type}`),
      get: byName.get(`get_${type}`),
      update: byName.get(`update_${type}`),
      delete: byName.get(`delete_${type}`),
      list: pluralsOf(type)
        .map((p) => byName.get(`get_all_${p}`))
        .find(Boolean),
    };
    const override = Object.assign(
      {},
      ...Object.values(family)
        .filter(Boolean)
        .map((a) => a.mock?.resource ?? {}),
    );
    if (Object.values(family).some((a) => a?.mock?.stateful === false)) continue;
    const getResp = family.get ? { $ref: `#/components/schemas/${family.get.responseSchema}` } : undefined;
    const envelope = ENVELOPE_FIELDS(rpc);
    const getProps = Object.entries(objectSchema(doc, getResp)?.properties ?? {}).filter(([n]) => !envelope.has(n));
    let itemSchema = getProps.length === 1 ? getProps[0][1] : undefined;
    let template = family.get ? schemas[family.get.responseSchema]?.examples?.[0]?.[getProps[0]?.[0]] : undefined;
    let listed;
    if (family.list) {
      listed = listItemsOf(
        doc,
        { $ref: `#/components/schemas/${family.list.responseSchema}` },
        family.list.pagination?.items,
        rpc,
      );
      itemSchema ??= listed?.schema;
      template ??= schemas[family.list.responseSchema]?.examples?.[0]?.[listed?.field]?.[0];
    }
    const keyField = override.keyField ?? "id";
    const keyed = [family.get, family.update, family.delete]
      .filter(Boolean)
      .every((a) => resolveRef(doc, schemas[a.requestSchema])?.properties?.[keyField]);
    const idPath = override.idPath ? splitPath(override.idPath) : findIdPath(doc, itemSchema);
    const members = Object.values(family).filter(Boolean);
    if (!itemSchema || !idPath || !keyed || (!family.get && !family.list)) {
      for (const a of members) {
        placed.add(a.action);
        report.push({
          operation: a.action,
          stateful: false,
          reason: `the ${type} family has no get or list, or no \`${keyField}\` to address items by`,
        });
      }
      continue;
    }
    const name = type;
    const notFound = {
      status: rpc.unknownAction?.status ?? 200,
      body: {
        ...envelopeOk,
        [rpc.envelope?.success ?? "success"]: false,
        ...(rpc.envelope?.message ? { [rpc.envelope.message]: "{message}" } : {}),
      },
      inferred: true,
    };
    const resource = {
      parentParams: [],
      idPath,
      idFormat: override.idFormat ?? idFormatOf(doc, getPath(objectSchema(doc, itemSchema)?.properties, idPath)),
      itemSchema,
      ...(template ? { template } : {}),
      ...(override.deleteMarks ? { deleteMarks: override.deleteMarks } : {}),
      ...(listed?.schema ? { listItemSchema: listed.schema } : {}),
    };
    const seed = new Map();
    if (family.list)
      for (const ex of schemas[family.list.responseSchema]?.examples ?? [])
        for (const item of ex?.[listed.field] ?? []) seed.set(String(getPath(item, idPath)), item);
    if (template) seed.set(String(getPath(template, idPath)), template);
    resource.seed = [...seed]
      .filter(([k]) => k !== "undefined")
      .map(([key, value]) => ({ parentKeys: [], key, value }));
    model.resources[name] = resource;
    for (const [kind, a] of Object.entries(family)) {
      if (!a) continue;
      const respRef = { $ref: `#/components/schemas/${a.responseSchema}` };
      const example = schemas[a.responseSchema]?.examples?.[0];
      const entry = {
        resource: name,
        kind,
        action: a.action,
        status: 200,
        notFound,
        ...(example !== undefined ? { example } : {}),
      };
      if (kind === "list") {
        Object.assign(entry, {
          items: listed.field,
          itemMode: "value",
          ...(a.pagination ? { paging: { ...a.pagination, defaultPageSize: 100 } } : {}),
        });
      } else {
        const placement = placementOf(doc, respRef, itemSchema, idPath, rpc);
        if (!placement) {
          report.push({
            operation: a.action,
            stateful: false,
            reason: "the answer is neither the item, its id nor the envelope alone",
          });
          placed.add(a.action);
          continue;
        }
        entry.placement = placement;
        if (kind !== "create") entry.keyField = keyField;
      }
      model.operations[a.action] = entry;
      placed.add(a.action);
      report.push({ operation: a.action, stateful: true, kind, resource: name });
    }
  }
  for (const a of rpc.actions) {
    if (!placed.has(a.action))
      report.push({
        operation: a.action,
        stateful: false,
        reason: NOT_A_FAMILY,
      });
  }
}
