// specforge's Redocly rules: the conventions of docs/spec-conventions.md that the generator,
// runtime and mock rely on, checked at lint time so a broken spec stops with file, line and rule.
// Knows no provider. Enabled in redocly.yaml (`plugins:` and `rules: specforge/...`).

// The registry of extensions is ESM (shared with the generator and its tests); Node >= 20.19
// loads it with require().
const { EXTENSIONS } = require("./extensions.mjs");

const PROVENANCE = new Set(["documented", "inferred"]);
// The paging styles and the fields each needs: the runtime's one list (its paginators are keyed by it),
// read from its source (the `module-sync` export), so lint needs no runtime build.
const { PAGING_STYLES: STYLES } = require("@specforge/runtime/paging-styles");
const PAGING_STYLES = Object.fromEntries(Object.entries(STYLES).map(([style, { required }]) => [style, required]));

function checkPagination(pagination, report, location) {
  if (!pagination || typeof pagination !== "object")
    return report({ message: "x-pagination must be an object", location });
  const required = PAGING_STYLES[pagination.style];
  if (!required)
    return report({ message: `x-pagination.style must be one of ${Object.keys(PAGING_STYLES).join(", ")}`, location });
  for (const key of required) {
    if (typeof pagination[key] !== "string" || !pagination[key]) {
      report({ message: `x-pagination (${pagination.style}) needs \`${key}\``, location });
    }
  }
}

/** Operation ids are the providers' own names, snake_case. */
function OperationIdSnakeCase() {
  return {
    Operation: {
      enter(op, ctx) {
        if (op.operationId && !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(op.operationId)) {
          ctx.report({
            message: `operationId "${op.operationId}" must be snake_case`,
            location: ctx.location.child("operationId"),
          });
        }
      },
    },
  };
}

/** `x-provenance` is "documented" or "inferred", and an inferred element says why. */
function ProvenanceValues() {
  const check = (node, ctx) => {
    if (node == null || typeof node !== "object" || !("x-provenance" in node)) return;
    if (!PROVENANCE.has(node["x-provenance"])) {
      ctx.report({
        message: `x-provenance must be "documented" or "inferred"`,
        location: ctx.location.child("x-provenance"),
      });
    }
  };
  return {
    Operation: { enter: check },
    Schema: { enter: check },
    Parameter: { enter: check },
    Response: { enter: check },
  };
}

/** Paginated operations declare a complete `x-pagination`. */
function PaginationDeclared() {
  return {
    Operation: {
      enter(op, ctx) {
        if ("x-pagination" in op) checkPagination(op["x-pagination"], ctx.report, ctx.location.child("x-pagination"));
      },
    },
  };
}

/**
 * An RPC union (`oneOf` + `discriminator`) is exclusive the way Prism and openapi-typescript need:
 * an explicit mapping, every variant flat with the discriminator as a `const` in `required`,
 * `additionalProperties: false`, and an `x-action` linking its response.
 */
function RpcUnionExclusive() {
  return {
    Schema: {
      enter(schema, ctx) {
        if (!schema.discriminator || !Array.isArray(schema.oneOf)) return;
        const prop = schema.discriminator.propertyName;
        const mapping = schema.discriminator.mapping;
        const loc = ctx.location;
        if (!mapping || typeof mapping !== "object") {
          return ctx.report({
            message: "a discriminated oneOf needs an explicit discriminator.mapping",
            location: loc.child("discriminator"),
          });
        }
        const mapped = new Set(Object.values(mapping));
        schema.oneOf.forEach((ref, i) => {
          const where = loc.child(["oneOf", i]);
          if (!ref.$ref) {
            ctx.report({ message: "each oneOf variant must be a $ref to a named schema", location: where });
            return;
          }
          if (!mapped.has(ref.$ref))
            ctx.report({ message: `${ref.$ref} is missing from discriminator.mapping`, location: where });
          const { node: variant } = ctx.resolve(ref);
          if (!variant) return;
          const value = variant.properties?.[prop]?.const;
          if (typeof value !== "string")
            ctx.report({ message: `${ref.$ref}: \`${prop}\` needs a const`, location: where });
          else if (mapping[value] !== ref.$ref)
            ctx.report({ message: `${ref.$ref}: mapping["${value}"] must point to this variant`, location: where });
          if (!variant.required?.includes(prop))
            ctx.report({ message: `${ref.$ref}: \`${prop}\` must be required`, location: where });
          if (variant.additionalProperties !== false)
            ctx.report({
              message: `${ref.$ref}: set additionalProperties: false (Prism ignores discriminator)`,
              location: where,
            });
          if (variant.allOf) ctx.report({ message: `${ref.$ref}: keep variants flat (no allOf)`, location: where });
          const action = variant["x-action"];
          if (action) {
            if (!action.response?.$ref)
              ctx.report({ message: `${ref.$ref}: x-action.response must be a $ref`, location: where });
            if (typeof action.idempotent !== "boolean")
              ctx.report({ message: `${ref.$ref}: x-action.idempotent must be true or false`, location: where });
            if (action.provenance !== undefined && !PROVENANCE.has(action.provenance))
              ctx.report({
                message: `${ref.$ref}: x-action.provenance must be documented or inferred`,
                location: where,
              });
            if (action.pagination) checkPagination(action.pagination, ctx.report, where);
          }
        });
      },
    },
  };
}

/**
 * Every `x-` key in a spec is one specforge understands (src/extensions.mjs), where it may appear.
 * Keys inside an extension's value, schema property names and other map keys are not extensions.
 * With `scope: specforge` (imported specs), a provider's own extensions pass through and only
 * specforge's are checked: each where it belongs.
 */
function KnownExtensions(options = {}) {
  const ownOnly = options.scope === "specforge";
  const byName = new Map(EXTENSIONS.map((e) => [e.name, e]));
  return {
    any: {
      enter(node, ctx) {
        if (!node || typeof node !== "object" || Array.isArray(node) || ctx.type?.extensionsPrefix !== "x-") return;
        for (const key of Object.keys(node)) {
          if (!key.startsWith("x-")) continue;
          const known = byName.get(key);
          const location = ctx.location.child([key]).key();
          if (!known) {
            if (ownOnly) continue;
            ctx.report({
              message: `unknown extension \`${key}\`: not in packages/codegen/src/extensions.mjs (a typo, or register and document it)`,
              location,
            });
          } else if (!known.in.includes(ctx.type.name)) {
            const where = known.in.length
              ? `it belongs on ${known.in.join(", ")}`
              : known.by === "derived"
                ? "the generator writes it into a derived view"
                : "it belongs in redocly.yaml";
            ctx.report({ message: `\`${key}\` does not belong on ${ctx.type.name}: ${where}`, location });
          }
        }
      },
    },
  };
}

/**
 * The rules of an imported spec (a provider's file as published, `extends: [minimal,
 * specforge/imported]` on its registry entry): house style is off (snake_case operationIds, RPC
 * unions, every extension registered), and everything else `minimal` leaves as a warning except
 * what breaks generation: unresolved `$ref`s, two operations with one operationId (one method
 * name), and specforge's own extensions where the overlay puts them wrong. The project's stricter
 * root rules are listed here so an import gets warnings, not errors, for them.
 */
const IMPORTED = {
  rules: {
    struct: "warn",
    "no-unresolved-refs": "error",
    "operation-operationId-unique": "error",
    "no-invalid-media-type-examples": "warn",
    "no-invalid-schema-examples": "warn",
    "operation-operationId": "warn",
    "operation-summary": "warn",
    "operation-4xx-response": "off",
    "no-unused-components": "warn",
    "tag-description": "off",
    "info-license": "off",
    "security-defined": "warn",
    "specforge/operation-id-snake-case": "off",
    "specforge/rpc-union-exclusive": "off",
    "specforge/provenance-values": "error",
    "specforge/pagination-declared": "error",
    "specforge/known-extensions": { severity: "error", scope: "specforge" },
  },
};

module.exports = function specforgePlugin() {
  return {
    id: "specforge",
    configs: { imported: IMPORTED },
    rules: {
      oas3: {
        "operation-id-snake-case": OperationIdSnakeCase,
        "provenance-values": ProvenanceValues,
        "pagination-declared": PaginationDeclared,
        "rpc-union-exclusive": RpcUnionExclusive,
        "known-extensions": KnownExtensions,
      },
    },
  };
};
