#!/usr/bin/env node
// The `specforge-mock` command: a launcher kept at the package's top so its path stays what
// scripts and tests run (`node packages/mock/src/cli.mjs`); the command lives in serve/cli.mjs.
import "./serve/cli.mjs";
