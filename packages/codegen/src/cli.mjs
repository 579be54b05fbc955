#!/usr/bin/env node
// specforge-codegen: `generate [api...] [--lint-only]`. A broken spec ends the run with one line per
// problem (`file:line:col severity rule: message`), exit code 1, and no file of any API written.
import { runGenerateCli } from "./generate.mjs";

const code = await runGenerateCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
