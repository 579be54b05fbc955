// The README's example, run as written (extracted from README.md, not copied).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { expect, it } from "vitest";

const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)];

it("the README example prints what the README says it prints", async () => {
  const code = blocks.find(([, lang]) => lang === "js")?.[2];
  const printed = blocks.find(([, lang]) => lang === "")?.[2];
  expect(code, "README.md has a js example").toBeTruthy();
  const file = path.join(dir, "test", ".readme-example.mjs");
  fs.writeFileSync(file, code as string);
  const logs: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => logs.push(format(...args));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = original;
    fs.rmSync(file, { force: true });
  }
  expect(`${logs.join("\n")}\n`).toBe(printed);
});
