// Starts Prism's HTTP mock server on one spec file, as `prism mock <file> -h <host> -p <port> -v error`
// does, without Prism's command line: prism.mjs spawns this file instead of prism-cli's entry.
//
//   node prism-server.cjs <spec file> <host> <port>     (port 0: any free port)
//
// Once it listens it prints `prism-server: listening on port <n>` on stdout.
//
// The server, its config and its logger are Prism's own (@stoplight/prism-http, -http-server,
// -core), set as prism-cli 5.14.2's `mock` command sets them for those flags (its
// util/createServer.js `createPrismServerWithLogger`, commands/mock.js and sharedOptions.js
// defaults). What differs: Prism does not validate its own answers (the config below), and the
// spec is dereferenced once, not twice. The CLI dereferences and decycles the whole spec a second
// time (extensions.js) only to read the root `x-json-schema-faker` key; this reads that key from
// the file as parsed (no `$ref` followed), which on a large spec saves about as much CPU as
// Prism's own load. Not kept: the CLI's watcher (it restarted Prism when the file changed; the
// mock starts a new Prism instead), its yargs and its pretty log printing.
// A start that fails (a broken spec, a busy port) prints one line to stderr and exits with code 1.
"use strict";
const $RefParser = require("@stoplight/json-schema-ref-parser");
const { createLogger } = require("@stoplight/prism-core");
const { getHttpOperationsFromSpec, resetJSONSchemaGenerator } = require("@stoplight/prism-http");
const { createServer } = require("@stoplight/prism-http-server");
const { JSONSchemaFaker } = require("json-schema-faker");
const { camelCase, forOwn, get } = require("lodash");

// prism-cli's extensions.js `setFakerValue`.
function setFakerValue(option, value) {
  if (option === "locale") return JSONSchemaFaker.locate("faker").setLocale(value);
  JSONSchemaFaker.option(camelCase(option), value);
}

// prism-cli's `configureExtensionsUserProvided`, given the parsed document instead of dereferencing
// it (the CLI's `--json-schema-faker-fill-properties`, which we never pass, is left out).
function configureExtensions(document) {
  resetJSONSchemaGenerator();
  forOwn(get(document, "x-json-schema-faker", {}), (value, option) => setFakerValue(option, value));
}

async function start(document, host, port) {
  const logger = createLogger("CLI", {
    customLevels: { start: 31 }, // pino's info (30) + 1, as the CLI's
    level: "error", // `-v error`: Prism's info logging is its throughput bottleneck
    formatters: { level: (level) => ({ level }) },
  });
  const operations = await getHttpOperationsFromSpec(document);
  // The file's root as parsed, no $ref followed: the CLI reads the key from the dereferenced
  // document, the same value unless the key itself is a $ref.
  const parsed = await new $RefParser().parse(document);
  configureExtensions(parsed);
  if (operations.length === 0) throw new Error("No operations found in the current file.");
  // prism-cli's `mock` config with its defaults for the flags we do not pass (--cors, --errors,
  // --dynamic, --ignore-examples, --seed), but for validateResponse (docs/decisions.md 50): Prism
  // would check its own answer against the spec on every request, a new Ajv compile each time
  // where a schema has allOf (16-21 s per read on Figma's spec); with --errors off its only output
  // is a header. Lint checks the spec's examples, and the state checks the answers it builds.
  const config = {
    validateRequest: true,
    validateResponse: false,
    checkSecurity: true,
    errors: false,
    upstreamProxy: undefined,
    mock: { dynamic: false, ignoreExamples: false, seed: null },
    isProxy: false,
  };
  const server = createServer(operations, {
    cors: true,
    config,
    components: { logger: logger.child({ name: "HTTP SERVER" }) },
  });
  const address = await server.listen(port, host);
  logger.start(`Prism is listening on ${address}`);
  // prism.mjs learns the port from this line (port 0 lets the OS pick one, so no other process can
  // take it between the choice and the listen): `http://<address>:<port>`, IPv6 unbracketed.
  process.stdout.write(`prism-server: listening on port ${/:(\d+)$/.exec(address)?.[1]}\n`);
  return server;
}

const [document, host, portText] = process.argv.slice(2);
const port = Number(portText);
if (!document || !host || !Number.isInteger(port)) {
  process.stderr.write("usage: node prism-server.cjs <spec file> <host> <port>\n");
  process.exit(2);
}
start(document, host, port).catch((error) => {
  // Prism's listen rejects with the message alone; $RefParser's errors carry the pointer in theirs.
  const message = typeof error === "string" ? error : (error?.message ?? String(error));
  process.stderr.write(`Prism could not start on ${document}: ${message}\n`);
  process.exit(1);
});
