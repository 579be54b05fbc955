// Reading a user's fixture file: the one part of the state that needs the file system (the model
// itself imports no `node:` module, so an in-process mock can run it).
import fs from "node:fs";

/**
 * Reads a user's fixture file: `{ "<resource>": [item, ...] }`, each item the stored value
 * itself, or `{ "parent": { "<path parameter>": "..." }, "key": "...", "value": { ... } }` for a
 * nested or keyed-map resource. Throws a message naming the file and the problem.
 */
export function readSeedFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`seed file ${file}: cannot read it (${error.code ?? error.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`seed file ${file}: not valid JSON (${error.message})`);
  }
}
