#!/usr/bin/env node
// node scripts/on-node.mjs <22|24> [--clone] -- <command ...>
// Runs a command with another Node.js version first on PATH (the pinned binary from npm; see
// packages/testkit/src/node-versions.mjs). With --clone, in a fresh clone of this repository's HEAD in a
// temporary folder, as a new user would: e.g. `node scripts/on-node.mjs 24 --clone -- npm install`
// then ... CI runs `node scripts/on-node.mjs 24 --clone -- sh -c "npm install && npm test"`.
import { TESTED_NODE_VERSIONS } from "@specforge/testkit/node-versions";
import { runOnNode } from "@specforge/testkit/on-node";

const argv = process.argv.slice(2);
const dashes = argv.indexOf("--");
const [major, ...flags] = dashes >= 0 ? argv.slice(0, dashes) : argv;
const command = dashes >= 0 ? argv.slice(dashes + 1) : [];
if (!major || !TESTED_NODE_VERSIONS[major] || !command.length) {
  console.error(
    `Usage: node scripts/on-node.mjs <${Object.keys(TESTED_NODE_VERSIONS).join("|")}> [--clone] -- <command ...>`,
  );
  process.exit(2);
}
process.exit(
  runOnNode(major, command, { clone: flags.includes("--clone"), keepClone: Boolean(process.env.KEEP_CLONE) }),
);
