// Code mode's `search` tool: the operations (and RPC actions) an agent can call through `client`,
// found by words. Each hit is what the agent needs to write the call: its TypeScript shape
// (`client.get_twin({ path: { twin } })`, from the tool's input schema), its summary, its Inferred
// note, whether it writes, and its docs sample rewritten as an `execute` snippet. Built from the
// tools tools.mjs derives (one reading of the spec) and the docs samples the package ships (its
// manifest's `samples` file).
import fs from "node:fs";

const MAX_HITS = 8;

/** The shape of an argument object: `{ path: { twin }, query?: { count? } }` (required keys bare, optional with `?`). */
function shapeOf(schema, depth = 0) {
  if (schema?.type !== "object" || !schema.properties) return undefined;
  const required = new Set(schema.required ?? []);
  const keys = Object.entries(schema.properties).map(([key, sub]) => {
    const inner = depth < 1 ? shapeOf(sub, depth + 1) : undefined;
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    return `${name}${required.has(key) ? "" : "?"}${inner ? `: ${inner}` : ""}`;
  });
  if (!keys.length) return "{}";
  const shown = keys.length > 8 ? [...keys.slice(0, 8), "..."] : keys;
  return `{ ${shown.join(", ")} }`;
}

/** The TypeScript call of a tool: `client.<name>(<shape>)`. */
export function callOf(entry) {
  const shape = shapeOf(entry.tool.inputSchema);
  return `client.${entry.name}(${shape && shape !== "{}" ? shape : ""})`;
}

/**
 * A docs sample (create the client, call, log) as an `execute` snippet: the call on `client`, and
 * the logged value returned. Undefined when the sample is not one call of the client.
 */
export function snippetOf(source) {
  const made = /const (\w+) = create\w+\(/.exec(source);
  if (!made) return undefined;
  const blocks = source.split("\n\n").filter((block) => !/^import /m.test(block) && !/= create\w+\(/.test(block));
  if (!blocks.length) return undefined;
  let body = blocks.join("\n\n").replace(new RegExp(`\\b${made[1]}\\.`, "g"), "client.");
  // The sample logs its result right after the call (a list sample then walks the pages, logging each item):
  // the snippet returns that result instead, after everything else ran.
  const logged = /^const (\w+) = await client\./m.exec(body)?.[1];
  if (logged)
    body = `${body.replace(new RegExp(`^console\\.log\\(${logged}\\);\\n?`, "m"), "").trim()}\nreturn ${logged};`;
  return body.includes("client.") ? body.trim() : undefined;
}

/**
 * The docs sample of each operation as an `execute` snippet, from the samples file the package's
 * manifest lists (none when it lists none: a package generated before samples shipped).
 */
function docsSamples(file) {
  if (!file) return new Map();
  let samples;
  try {
    samples = JSON.parse(fs.readFileSync(file, "utf8")).samples;
  } catch (error) {
    throw new Error(`cannot read the docs samples ${file}: ${error.code ?? error.message}`);
  }
  const out = new Map();
  for (const [operationId, source] of Object.entries(samples ?? {})) {
    const snippet = typeof source === "string" && snippetOf(source);
    if (snippet) out.set(operationId, snippet);
  }
  return out;
}

const words = (text) =>
  String(text ?? "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * The catalog of one API: every tool as a search entry.
 * @param {import("../tools.mjs").ToolEntry[]} tools
 * @param {string} [samplesFile]  the API's docs samples (its manifest's `samples`)
 */
export function buildCatalog(tools, samplesFile) {
  const samples = docsSamples(samplesFile);
  return tools.map((entry) => {
    const description = entry.tool.description ?? "";
    const inferred = /\*Inferred\*: [^\n]*/.exec(description)?.[0];
    return {
      name: entry.name,
      call: callOf(entry),
      summary: entry.tool.title,
      ...(inferred ? { inferred } : {}),
      writes: !entry.read,
      tags: entry.tags,
      ...(samples.has(entry.operation) ? { sample: samples.get(entry.operation) } : {}),
      text: new Set([...words(entry.name), ...words(entry.tags.join(" ")), ...words(entry.tool.title)]),
      more: new Set(words(description)),
    };
  });
}

/** The entries that match the query's words, best first (a name or summary word counts more than the description). */
export function search(catalog, query) {
  const asked = words(query);
  const exact = catalog.find((e) => e.name === String(query).trim());
  const scored = catalog
    .map((entry) => {
      let score = entry === exact ? 100 : 0;
      for (const word of asked) {
        if (entry.text.has(word)) score += 3;
        else if ([...entry.text].some((w) => w.startsWith(word) || (word.startsWith(w) && w.length > 3))) score += 2;
        else if (entry.more.has(word)) score += 1;
      }
      return { entry, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_HITS).map(({ entry: { text, more, ...shown } }) => shown);
}

/** The `search` tool's definition: its description names every operation, so a small API needs no search. */
export function searchTool(catalog, title) {
  const reads = catalog.filter((e) => !e.writes).map((e) => e.name);
  const writes = catalog.filter((e) => e.writes).map((e) => e.name);
  return {
    name: "search",
    title: `Search the ${title} operations`,
    description:
      `Finds the ${title} operations to call in \`execute\`: each with its TypeScript call, summary, whether it writes, and a docs sample. ` +
      `Reads: ${reads.join(", ")}.${writes.length ? ` Writes: ${writes.join(", ")}.` : ""}`,
    inputSchema: {
      type: "object",
      properties: { query: { type: "string", description: "words, or an operation's name" } },
      required: ["query"],
      additionalProperties: false,
    },
    annotations: { title: `Search ${title}`, readOnlyHint: true, openWorldHint: false },
  };
}
