// Runs one client's scenarios (all.js, written by the global setup: its own and the generic one) in the runtime that loads this file (Node ESM, Bun, Deno) and
// prints `{ runtime, result }` as one JSON line: `<runtime> cli.js <client> '<mock urls json>'`.
import { scenarios } from "./all.js";

const deno = globalThis.Deno;
const bun = globalThis.Bun;
const args = deno ? deno.args : process.argv.slice(2);
const runtime = deno ? `deno ${deno.version.deno}` : bun ? `bun ${bun.version}` : `node ${process.versions.node}`;
const [name, urls] = args;
const result = await scenarios[name](JSON.parse(urls));
console.log(JSON.stringify({ runtime, result }));
