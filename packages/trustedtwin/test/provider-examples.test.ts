/**
 * The provider's own examples as test data: every example of the official Python SDK's client stub
 * (`trustedtwin/tt_api.pyi`, generated for TT API specification 3.18.00), committed as facts in
 * test/fixtures/sdk-3.18.00-examples.json, is checked against the spec operation by operation:
 * method and path, query-parameter names, path arguments, request body (presence, required-ness,
 * example), success status and example response.
 *
 * Where the SDK and the spec disagree (a status, a body's required-ness), the spec must say so at
 * the element concerned (`**Sources disagree.**` in its description, which the docs show). Values
 * the fixture lists as placeholders or typos are skipped with their reason, and only those: every
 * other finding in such an example still fails the test, and a listed defect that no longer causes
 * a finding fails it too. A skipped value that the SDK's generator prints for "no example" (`null`,
 * `"None"`) needs only the fixture's reason; any other value the spec refuses (a typo, a number
 * where a string belongs, `{}` for a file) reads as a claim about the API, so the spec itself must
 * record why it differs, at that element or an enclosing one. The operation list comes from the
 * spec, never by hand.
 */
import { readFileSync } from "node:fs";
import { resolvePointer, unescapePointer } from "@specforge/model";
import { describe, expect, it } from "vitest";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { bundle, createValidator, deref, listOperations, successResponse, type SpecOperation } from "./spec.js";

type Json = any;
interface Defect {
  in: "request" | "response" | "path";
  at: string;
  kind: "placeholder" | "typo";
  reason: string;
}
interface SdkOperation {
  method: string;
  path: string;
  status: number;
  query?: string[];
  pathArgs?: Record<string, string>;
  request?: { required: boolean; example: unknown };
  response: unknown;
  defects?: Defect[];
}
interface Fixture {
  source: { header: string; specVersion: string };
  notInSdk: Record<string, string>;
  operations: Record<string, SdkOperation>;
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL("./fixtures/sdk-3.18.00-examples.json", import.meta.url), "utf8"),
);
const operations = listOperations();
const validatorFor = createValidator();
const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const DISAGREE = "**Sources disagree.**";

/** The JSON pointer a validation finding concerns: a missing, extra or badly named property counts as that property's own path. */
function findingPath(error: ErrorObject): string {
  const named =
    (error as ErrorObject & { propertyName?: string }).propertyName ??
    (error.keyword === "propertyNames" ? error.params.propertyName : undefined);
  if (named !== undefined) return `${error.instancePath}/${escapePointer(named)}`;
  if (error.keyword === "required") return `${error.instancePath}/${escapePointer(error.params.missingProperty)}`;
  if (error.keyword === "additionalProperties")
    return `${error.instancePath}/${escapePointer(error.params.additionalProperty)}`;
  return error.instancePath;
}
const within = (path: string, pointer: string) => path === pointer || path.startsWith(`${pointer}/`);
/** Combinators report at the parent of the value that failed them, so a defect below them explains them. */
const COMBINATORS = new Set(["oneOf", "anyOf", "if", "not"]);

/**
 * Validates an example; with listed defects, every finding must lie at or under a defect (or be a
 * combinator's finding above one), and every defect must explain at least one finding.
 */
function check(validate: ValidateFunction, value: unknown, defects: Defect[], what: string): string[] {
  if (validate(value))
    return defects.length
      ? [
          `${what}: valid, yet the fixture lists defects at ${defects.map((d) => d.at || "(root)").join(", ")} (stale skip)`,
        ]
      : [];
  const errors = validate.errors ?? [];
  const render = (e: ErrorObject) => `${findingPath(e) || "(root)"} ${e.message}`;
  if (!defects.length) return [`${what}: ${errors.map(render).join("; ")}`];
  const problems: string[] = [];
  const explained = new Set<Defect>();
  for (const error of errors) {
    const path = findingPath(error);
    const by = defects.filter((d) => within(path, d.at) || (COMBINATORS.has(error.keyword) && within(d.at, path)));
    if (!by.length) problems.push(`${what}: ${render(error)} (not a listed placeholder or typo)`);
    for (const d of by) if (within(path, d.at)) explained.add(d);
  }
  for (const d of defects)
    if (!explained.has(d))
      problems.push(`${what}: listed defect at ${d.at || "(root)"} explains no finding (stale skip)`);
  return problems;
}

/** The value at a JSON pointer of an example. */
function valueAt(value: unknown, pointer: string): unknown {
  return resolvePointer(value, `#${pointer}`);
}

/** A value the SDK's generator prints where the API description has no example: the fixture's reason suffices. */
const isGeneratorBlank = (value: unknown) => value === null || value === "None";

/**
 * The descriptions of the schemas from a body's schema down to a JSON pointer of its value (the
 * body's own schema excluded: a note there would not say which element it concerns), each as
 * written beside a `$ref` and as the referenced schema gives it.
 */
function descriptionsAlong(schemaPointer: string, pointer: string): string[] {
  const out: string[] = [];
  let node: Json = deref({ $ref: schemaPointer });
  for (const raw of pointer.split("/").slice(1)) {
    const key = unescapePointer(raw);
    let next: Json;
    if (node?.properties && key in node.properties) next = node.properties[key];
    else if (Array.isArray(node?.prefixItems) && Number(key) < node.prefixItems.length)
      next = node.prefixItems[Number(key)];
    else if (node?.items) next = node.items;
    else if (node?.additionalProperties && typeof node.additionalProperties === "object")
      next = node.additionalProperties;
    if (!next) break;
    out.push(String(next.description ?? ""), String(deref(next)?.description ?? ""));
    node = deref(next);
  }
  return out;
}

const RECORDED = (text: string) => text.includes(DISAGREE) && text.includes("3.18 SDK");

/** Defects whose value is a claim about the API (not a generator blank) must be recorded in the spec at their element. */
function unrecorded(schemaPointer: string, example: unknown, defects: Defect[], what: string): string[] {
  return defects
    .filter((d) => !isGeneratorBlank(valueAt(example, d.at)))
    .filter((d) => !descriptionsAlong(schemaPointer, d.at).some(RECORDED))
    .map(
      (d) =>
        `${what}: the SDK's ${JSON.stringify(valueAt(example, d.at))} at ${d.at || "(root)"} is refused, and no schema on the way to it says why (${DISAGREE} ... 3.18 SDK ...)`,
    );
}

const byId = new Map(operations.map((op) => [op.operationId, op]));
const defectsOf = (sdk: SdkOperation, where: Defect["in"]) => (sdk.defects ?? []).filter((d) => d.in === where);

/** Pointer of a path parameter's schema in the bundle (through its component when it is one). */
function pathParameterSchemaPointer(op: SpecOperation, name: string): string | undefined {
  const item = bundle.paths[op.path];
  const sources: [Json[], string][] = [
    [op.operation.parameters ?? [], `${op.pointer}/parameters`],
    [item.parameters ?? [], `#/paths/${escapePointer(op.path)}/parameters`],
  ];
  for (const [list, base] of sources)
    for (const [i, raw] of list.entries()) {
      const p = deref(raw);
      if (p.in === "path" && p.name === name) return `${raw.$ref ?? `${base}/${i}`}/schema`;
    }
  return undefined;
}

describe("the fixture", () => {
  it("names its source, the SDK stub generated for TT API specification 3.18.00", () => {
    expect(fixture.source.specVersion).toBe("3.18.00");
    expect(fixture.source.header).toContain("Generated for TT API specification version 3.18.00");
  });

  it("covers every operation of the spec: each is in the SDK stub or listed as absent from it, with the reason", () => {
    const problems: string[] = [];
    for (const op of operations) {
      const inSdk = op.operationId in fixture.operations;
      const absent = op.operationId in fixture.notInSdk;
      if (inSdk === absent)
        problems.push(
          `${op.operationId}: ${inSdk ? "both in the SDK and listed as absent" : "neither in the SDK examples nor listed as absent"}`,
        );
      if (absent && !String(fixture.notInSdk[op.operationId]).trim())
        problems.push(`${op.operationId}: absent without a reason`);
      if (absent && !String(op.operation.description).includes(DISAGREE))
        problems.push(`${op.operationId}: not in the SDK, and its description does not say so`);
    }
    for (const id of Object.keys(fixture.operations))
      if (!byId.has(id)) problems.push(`${id}: in the SDK, not in the spec`);
    expect(problems.join("\n")).toBe("");
  });

  it("every defect has a kind and a reason", () => {
    for (const [id, sdk] of Object.entries(fixture.operations))
      for (const d of sdk.defects ?? []) {
        expect(["placeholder", "typo"], id).toContain(d.kind);
        expect(d.reason.length, `${id} ${d.at}`).toBeGreaterThan(10);
        expect(["request", "response", "path"], id).toContain(d.in);
      }
  });
});

describe("the SDK's examples against the spec, operation by operation", () => {
  for (const op of operations) {
    const sdk = fixture.operations[op.operationId];
    if (!sdk) continue; // absent from the SDK: checked above
    describe(op.operationId, () => {
      it("same method, path and query parameters", () => {
        expect(`${sdk.method} ${sdk.path}`).toBe(`${op.method} ${op.path}`);
        const specQuery = op.parameters
          .filter((p) => p.in === "query")
          .map((p) => p.name)
          .sort();
        expect([...(sdk.query ?? [])].sort()).toEqual(specQuery);
      });

      it("the SDK's path arguments pass the path parameters' schemas", () => {
        const defects = defectsOf(sdk, "path");
        const problems: string[] = [];
        for (const [name, value] of Object.entries(sdk.pathArgs ?? {})) {
          const pointer = pathParameterSchemaPointer(op, name);
          if (!pointer) {
            problems.push(`no path parameter ${name}`);
            continue;
          }
          const own = defects.filter((d) => d.at === `/${name}`);
          const ok = validatorFor(pointer)(value);
          if (ok && own.length) problems.push(`${name}: ${value} is valid, yet listed as a defect (stale skip)`);
          if (!ok && !own.length)
            problems.push(
              `${name}: ${JSON.stringify(value)} refused by the spec: ${JSON.stringify(validatorFor(pointer).errors)}`,
            );
        }
        expect(problems.join("\n")).toBe("");
      });

      it("request body: present where the SDK sends one, required where the SDK requires it, disagreements recorded, example valid", () => {
        const problems: string[] = [];
        const raw = op.operation.requestBody;
        const body = raw ? deref(raw) : undefined;
        const says = String(body?.description ?? "").includes(DISAGREE);
        if (sdk.request && !body) problems.push("the SDK sends a body the spec does not declare");
        if (sdk.request?.required && !body?.required)
          problems.push(
            "the SDK requires a body the spec marks optional (a body is required where any source requires it)",
          );
        if (sdk.request && !sdk.request.required && body?.required && !says)
          problems.push("the spec requires a body the SDK marks optional, without recording the disagreement");
        if (!sdk.request && body && !says)
          problems.push("the spec declares a body the SDK does not send, without recording the disagreement");
        if (sdk.request && body) {
          const schemaPointer = `${raw.$ref ?? `${op.pointer}/requestBody`}/content/application~1json/schema`;
          const defects = defectsOf(sdk, "request");
          problems.push(...check(validatorFor(schemaPointer), sdk.request.example, defects, "request example"));
          problems.push(...unrecorded(schemaPointer, sdk.request.example, defects, "request example"));
        }
        expect(problems.join("\n")).toBe("");
      });

      it("success status: the SDK's, or the disagreement is recorded at the response", () => {
        const { status, response } = successResponse(op);
        // One assertion whichever way it goes: equal statuses, or a disagreement the docs show.
        const description = String(response?.description);
        const recorded = description.includes(DISAGREE) && description.includes(String(sdk.status));
        expect(
          status === sdk.status || recorded,
          `${op.operationId}: spec ${status}, SDK ${sdk.status}, and the response records no disagreement`,
        ).toBe(true);
      });

      it("the SDK's example response validates against the 2xx schema (placeholders and typos excepted, each with its reason)", () => {
        const { mediaType, schemaPointer, response } = successResponse(op);
        const defects = defectsOf(sdk, "response");
        if (!mediaType || !/json/.test(mediaType) || !schemaPointer) {
          // Not JSON (download_doc's bytes): the SDK's example can only be a listed placeholder.
          expect(
            defects.map((d) => d.at),
            `${op.operationId} answers ${mediaType}: its SDK example must be listed as a placeholder`,
          ).toEqual([""]);
          if (!isGeneratorBlank(sdk.response))
            expect(
              RECORDED(String(response.description)),
              `${op.operationId}: the SDK's example ${JSON.stringify(sdk.response)} is not the ${mediaType} the spec answers, and the response does not say why`,
            ).toBe(true);
          return;
        }
        const problems = [
          ...check(validatorFor(schemaPointer), sdk.response, defects, "response example"),
          ...unrecorded(schemaPointer, sdk.response, defects, "response example"),
        ];
        expect(problems.join("\n")).toBe("");
      });
    });
  }
});

/**
 * Properties declared in the 2xx response schemas of every operation, counted through `$ref`s,
 * `items`, `additionalProperties`, `prefixItems` and `oneOf`/`anyOf`/`allOf` (a schema already
 * on the path is not entered twice).
 */
function typedResponseProperties(): number {
  const walk = (node: Json, stack: string[]): number => {
    if (!node || typeof node !== "object") return 0;
    if (node.$ref) return stack.includes(node.$ref) ? 0 : walk(deref(node), [...stack, node.$ref]);
    let n = 0;
    if (node.properties)
      n +=
        Object.keys(node.properties).length +
        Object.values<Json>(node.properties).reduce((s, v) => s + walk(v, stack), 0);
    for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "contains"])
      if (node[key] && typeof node[key] === "object") n += walk(node[key], stack);
    for (const key of ["oneOf", "anyOf", "allOf", "prefixItems"])
      if (Array.isArray(node[key])) for (const s of node[key]) n += walk(s, stack);
    if (node.patternProperties) for (const s of Object.values<Json>(node.patternProperties)) n += walk(s, stack);
    return n;
  };
  let total = 0;
  for (const op of operations)
    for (const [status, raw] of Object.entries<Json>(op.operation.responses))
      if (/^2/.test(status))
        for (const [mediaType, media] of Object.entries<Json>(deref(raw).content ?? {}))
          if (/json/.test(mediaType)) total += walk(media.schema, []);
  return total;
}

describe("disagreements are visible in the docs", () => {
  it("every description recording a disagreement in the bundle is in the docs view Redoc renders", () => {
    const docsView = readFileSync(new URL("../openapi/trustedtwin.docs.json", import.meta.url), "utf8");
    const notes: string[] = [];
    const walk = (node: Json) => {
      if (!node || typeof node !== "object") return;
      if (typeof node.description === "string" && node.description.includes(DISAGREE)) notes.push(node.description);
      for (const value of Object.values<Json>(node)) walk(value);
    };
    walk(bundle);
    expect(notes.length).toBeGreaterThan(30);
    const missing = notes.filter(
      (note) => !docsView.includes(JSON.stringify(note.slice(note.indexOf(DISAGREE))).slice(1, -1)),
    );
    expect(missing).toEqual([]);
  });
});

describe("types stay useful", () => {
  // Floor measured on the unchanged spec of commit 68e1c20 (before issue 15's reconciliation with the
  // SDK), by this same count over packages/trustedtwin/openapi/trustedtwin.json after `npm run generate`:
  // 676 properties in the 2xx response schemas of 87 operations. Fixing shapes must not shrink it.
  const FLOOR = 676;
  it(`typed properties in 2xx response schemas do not drop below ${FLOOR}`, () => {
    expect(typedResponseProperties()).toBeGreaterThanOrEqual(FLOOR);
  });
});
