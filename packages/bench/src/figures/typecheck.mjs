// Figure 2: type-check cost of a consumer that calls the same three GitHub operations through
// specforge's facade, through bare openapi-fetch, and through hey-api's SDK, each compiled alone
// by `tsc --extendedDiagnostics` over the generated types of figure 1. Each consumer also checks
// that the three results are typed (not `any`), since an `any` is cheap to check and useless.
import fs from "node:fs/promises";
import path from "node:path";
import { fmt, repoRoot, require, runProcess, stats } from "../util.mjs";
import { missingRow, ratioRow } from "../rows.mjs";
import { CONSUMER_OPERATIONS } from "../specs.mjs";
// The generated client names each method with codegen's one rule ("repos/get" -> "repos_get").
import { methodName } from "@specforge/codegen/names";

export const FIGURE = "Type-check cost";

const TYPED_MARK = "// typed-results-check";
const OWNER = `{ owner: "octokit", repo: "rest.js" }`;

const typedCheck = `  type IsAny<T> = 0 extends 1 & T ? true : false;
  const typed: [IsAny<typeof repo>, IsAny<typeof issues>, IsAny<typeof pr>] = [false, false, false]; ${TYPED_MARK}
  void typed;`;

const consumers = {
  specforge: (runtime) => `import { createApiClient, createCore } from "${runtime}";
import { operationFunctions, type Client } from "./gen/operations.gen.js";

const gh = createApiClient<Client>(createCore({ baseUrl: "https://api.github.com", maxRetries: 2, timeoutMs: 10_000 }), operationFunctions);

export async function run(): Promise<string> {
  const repo = await gh["${methodName(CONSUMER_OPERATIONS[0].id)}"]({ path: ${OWNER} });
  const issues = await gh["${methodName(CONSUMER_OPERATIONS[1].id)}"]({ path: ${OWNER}, query: { state: "open", per_page: 10 } });
  const pr = await gh["${methodName(CONSUMER_OPERATIONS[2].id)}"]({ path: ${OWNER}, body: { head: "feature", base: "main", title: "Add a thing" } });
${typedCheck}
  return \`\${repo.full_name} \${issues[0]?.title ?? ""} \${pr.number}\`;
}
`,
  "openapi-fetch": () => `import createClient from "openapi-fetch";
import type { paths } from "./gen/schema.gen.js";

const gh = createClient<paths>({ baseUrl: "https://api.github.com" });

export async function run(): Promise<string> {
  const { data: repo } = await gh.GET("${CONSUMER_OPERATIONS[0].path}", { params: { path: ${OWNER} } });
  const { data: issues } = await gh.GET("${CONSUMER_OPERATIONS[1].path}", { params: { path: ${OWNER}, query: { state: "open", per_page: 10 } } });
  const { data: pr } = await gh.POST("${CONSUMER_OPERATIONS[2].path}", { params: { path: ${OWNER} }, body: { head: "feature", base: "main", title: "Add a thing" } });
${typedCheck}
  return \`\${repo?.full_name} \${issues?.[0]?.title ?? ""} \${pr?.number}\`;
}
`,
  "hey-api": (names) => `import { ${names.join(", ")} } from "./gen/sdk.gen.js";

export async function run(): Promise<string> {
  const { data: repo } = await ${names[0]}({ path: ${OWNER} });
  const { data: issues } = await ${names[1]}({ path: ${OWNER}, query: { state: "open", per_page: 10 } });
  const { data: pr } = await ${names[2]}({ path: ${OWNER}, body: { head: "feature", base: "main", title: "Add a thing" } });
${typedCheck}
  return \`\${repo?.full_name} \${issues?.[0]?.title ?? ""} \${pr?.number}\`;
}
`,
};

/** hey-api's name for an operationId: camelCase of its words ("repos/get" -> "reposGet"). */
export function heyApiName(operationId) {
  const words = operationId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join("");
}

const COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** The suggested fix of the facade's result type, applied to a copy of the runtime's .d.ts. */
const CALL_RESULT_BUG = 'SuccessResponse<ResponseObjectMap<Op> & Record<string | number, any>, "application/json">';
const CALL_RESULT_FIX =
  'ResponseObjectMap<Op> extends infer R extends Record<string | number, any> ? SuccessResponse<R, "application/json"> : never';

function parseDiagnostics(text) {
  const num = (label) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return {
    files: num("Files"),
    types: num("Types"),
    instantiations: num("Instantiations"),
    memoryKB: num("Memory used"),
    checkMs: num("Check time") * 1000,
    totalMs: num("Total time") * 1000,
  };
}

export async function typecheck({ workDir, genDirs, runs, log }) {
  const tcDir = path.join(workDir, "typecheck");
  await fs.rm(tcDir, { recursive: true, force: true });
  await fs.mkdir(tcDir, { recursive: true });
  await fs.symlink(path.join(repoRoot, "node_modules"), path.join(tcDir, "node_modules"), "dir");
  await fs.writeFile(path.join(tcDir, "package.json"), JSON.stringify({ type: "module", private: true }));

  const variants = [];
  const addVariant = async (name, label, genFrom, source, extraOptions = {}) => {
    const dir = path.join(tcDir, name);
    await fs.cp(genFrom, path.join(dir, "gen"), { recursive: true });
    await fs.writeFile(path.join(dir, "consumer.ts"), source);
    const tsconfig = path.join(tcDir, `tsconfig.${name}.json`);
    await fs.writeFile(
      tsconfig,
      JSON.stringify(
        { compilerOptions: { ...COMPILER_OPTIONS, ...extraOptions }, files: [`${name}/consumer.ts`] },
        null,
        2,
      ),
    );
    variants.push({
      name,
      label,
      tsconfig,
      typedLine: source.split("\n").findIndex((l) => l.includes(TYPED_MARK)) + 1,
    });
  };
  await addVariant(
    "specforge",
    "specforge client object (generated `Client` over the generated types)",
    genDirs.specforge,
    consumers.specforge("@specforge/runtime"),
  );
  // The same consumer against a copy of the runtime's declarations with the suggested fix.
  const runtimeDist = path.join(repoRoot, "packages", "runtime", "dist");
  const typesDts = await fs.readFile(path.join(runtimeDist, "types.d.ts"), "utf8").catch(() => "");
  if (typesDts.includes(CALL_RESULT_BUG)) {
    const fixedDir = path.join(tcDir, "runtime-fixed");
    await fs.cp(runtimeDist, fixedDir, { recursive: true });
    await fs.writeFile(path.join(fixedDir, "types.d.ts"), typesDts.replace(CALL_RESULT_BUG, CALL_RESULT_FIX));
    await addVariant(
      "specforge-fixed",
      "specforge facade with the suggested `CallResult` fix (patched copy of the runtime's .d.ts, not shipped)",
      genDirs.specforge,
      consumers.specforge("@specforge/runtime"),
      { paths: { "@specforge/runtime": ["./runtime-fixed/index.d.ts"] } },
    );
  }
  await addVariant(
    "openapi-fetch",
    "bare openapi-fetch (`createClient<paths>`)",
    genDirs.specforge,
    consumers["openapi-fetch"](),
  );
  await addVariant(
    "hey-api",
    "hey-api SDK functions",
    genDirs["hey-api"],
    consumers["hey-api"](CONSUMER_OPERATIONS.map((o) => heyApiName(o.id))),
  );

  const tsc = require.resolve("typescript/bin/tsc");
  const results = {};
  for (let round = 0; round < runs.typecheck; round++) {
    for (const v of variants) {
      const out = await runProcess(process.execPath, [tsc, "-p", v.tsconfig, "--extendedDiagnostics"], {
        cwd: tcDir,
        timeoutMs: 300_000,
      });
      const text = out.stdout + out.stderr;
      const d = parseDiagnostics(text);
      const errors = text.split("\n").filter((l) => /error TS\d+/.test(l));
      const typedErrors = errors.filter((l) => l.includes(`consumer.ts(${v.typedLine},`));
      const otherErrors = errors.filter((l) => !typedErrors.includes(l));
      (results[v.name] ??= { runs: [], errors: otherErrors, typedResults: typedErrors.length === 0 }).runs.push({
        ...d,
        wallMs: out.wallMs,
      });
      log(
        `  typecheck ${v.name}: ${fmt.int(d.instantiations)} instantiations, check ${fmt.ms(d.checkMs)}, ${errors.length} errors`,
      );
    }
  }

  const values = (name, key) => results[name]?.runs.map((r) => r[key]) ?? [];
  const rows = [];
  const broken = Object.entries(results).filter(([, r]) => r.errors.length);
  if (!results.specforge || !results["openapi-fetch"]) {
    rows.push(
      missingRow({
        figure: FIGURE,
        measure: "instantiations: specforge / openapi-fetch",
        target: { text: "≤ 1.25×" },
        reason: "tsc did not run",
      }),
    );
  } else {
    const row = ratioRow({
      figure: FIGURE,
      measure: "instantiations: specforge / openapi-fetch",
      a: { name: "specforge", values: values("specforge", "instantiations") },
      b: { name: "openapi-fetch", values: values("openapi-fetch", "instantiations") },
      format: fmt.int,
      target: { max: 1.25, text: "≤ 1.25×" },
    });
    if (!results.specforge.typedResults) {
      row.caveat = true;
      row.why =
        "**Met only because the facade's results are `any`**: the consumer's `IsAny` check fails for all three calls. " +
        "Cause: `CallResult` in packages/runtime/src/types.ts passes `ResponseObjectMap<Op> & Record<string | number, any>` to `SuccessResponse`, " +
        "so every OkStatus key (200, 201, …, 2XX) exists and resolves to `any`. " +
        (results["specforge-fixed"]
          ? `With the suggested fix (next row) results are typed${results["specforge-fixed"].typedResults ? "" : " (still not: check)"} and cost ${fmt.int(stats(values("specforge-fixed", "instantiations")).median)} instantiations.`
          : "");
    }
    rows.push(row);
    if (results["specforge-fixed"]) {
      const fixed = ratioRow({
        figure: FIGURE,
        measure: "instantiations: specforge with `CallResult` fix / openapi-fetch",
        a: { name: "specforge (fixed)", values: values("specforge-fixed", "instantiations") },
        b: { name: "openapi-fetch", values: values("openapi-fetch", "instantiations") },
        format: fmt.int,
        target: { max: 1.25, text: "≤ 1.25×" },
      });
      fixed.note = "patched copy in the temp dir, not shipped";
      rows.push(fixed);
    }
    rows.push(
      ratioRow({
        figure: FIGURE,
        measure: "instantiations: specforge / hey-api",
        a: { name: "specforge", values: values("specforge", "instantiations") },
        b: { name: "hey-api", values: values("hey-api", "instantiations") },
        format: fmt.int,
      }),
    );
    rows.push(
      ratioRow({
        figure: FIGURE,
        measure: "check time: specforge / openapi-fetch",
        a: { name: "specforge", values: values("specforge", "checkMs") },
        b: { name: "openapi-fetch", values: values("openapi-fetch", "checkMs") },
        format: fmt.ms,
        chart: false,
      }),
    );
  }
  if (broken.length) {
    for (const row of rows)
      row.why =
        `${row.why ?? ""} Consumer errors: ${broken.map(([n, r]) => `${n}: ${r.errors.slice(0, 2).join(" / ")}`).join("; ")}`.trim();
  }

  const details = [
    "Each consumer calls `" +
      CONSUMER_OPERATIONS.map((o) => o.id).join("`, `") +
      "` and reads a field of each result; tsconfig: strict, NodeNext, skipLibCheck, lib ES2023 + DOM. The generated types are those of figure 1.",
    "",
    "| consumer | instantiations | types | check time | total tsc time | memory | results typed |",
    "|---|---|---|---|---|---|---|",
    ...variants.map((v) => {
      const r = results[v.name];
      const s = (k, f) => fmt.range(stats(values(v.name, k)), f);
      return `| ${v.label} | ${s("instantiations", fmt.int)} | ${s("types", fmt.int)} | ${s("checkMs", fmt.ms)} | ${s("totalMs", fmt.ms)} | ${s("memoryKB", (kb) => fmt.mb(kb * 1024))} | ${r?.typedResults ? "yes" : "**no (`any`)**"} |`;
    }),
    "",
    "Instantiation counts are deterministic (min = max); times vary with the machine's load.",
  ];
  return { id: "typecheck", title: FIGURE, rows, details, typedResults: results.specforge?.typedResults };
}
