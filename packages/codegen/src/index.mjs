export { generate, buildApi, emitClientFiles, runGenerateCli, GenerateError } from "./generate.mjs";
export { loadRegistry, outputPaths, findRepoRoot } from "./config.mjs";
export { lintApi, SpecLintError, formatProblem, preflightProblems } from "./lint.mjs";
export {
  operationTable,
  paramFormats,
  rpcModel,
  docsView,
  mockView,
  makeProvenanceVisible,
  ACTION_ROUTE_SEGMENT,
} from "./derive.mjs";
export { writeAtomic, header, docsRoute } from "./emit.mjs";
export { diffSpecs, compareDocuments, diffView, formatReport, runDiffCli } from "./diff.mjs";
export { checkChangesets, publishablePackages, requiredBump } from "./releases.mjs";
export { EXTENSIONS, EXTENSION_NAMES } from "./extensions.mjs";
export {
  answerableMockView,
  pruneDanglingExampleRefs,
  dropRefKeyExamples,
  answerableMedia,
  dropInvalidExamples,
  mockFixWarnings,
} from "./mock-examples.mjs";
export { addProvider, runAddProviderCli, ScaffoldError, withRegistryEntry } from "./scaffold.mjs";
export { importedDocument, summarizeWarnings, operationIdFor, upgradeDocument } from "./import.mjs";
