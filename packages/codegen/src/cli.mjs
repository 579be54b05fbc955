#!/usr/bin/env node
// specforge-codegen: `generate [api...] [--lint-only]`.
import { generate } from "./generate.mjs";

const args = process.argv.slice(2);
if (args[0] === "generate") args.shift();
if (args.includes("--help")) {
  console.log("usage: specforge-codegen [generate] [api...] [--lint-only]");
  process.exit(0);
}
const lintOnly = args.includes("--lint-only");
const only = args.filter((a) => !a.startsWith("-"));
try {
  await generate({ only, lintOnly });
} catch (error) {
  console.error(error.name === "SpecLintError" ? error.message : `generate failed: ${error.stack ?? error}`);
  process.exit(1);
}
