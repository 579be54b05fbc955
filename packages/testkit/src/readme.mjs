// A package README's example, run as written: its first ```js block is imported from the package's
// test folder (so it resolves packages by name, as a user's file does), and what it logs is compared
// with the README's first plain ``` block (what the README says it prints).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

/** @returns {Promise<{ printed: string, expected: string | undefined }>} */
export async function runReadmeExample(packageDir) {
  const readme = fs.readFileSync(path.join(packageDir, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  const code = blocks.find(([, lang]) => lang === "js")?.[2];
  if (!code) throw new Error(`${path.join(packageDir, "README.md")} has no js example`);
  const file = path.join(packageDir, "test", `.readme-example-${process.pid}.mjs`);
  fs.writeFileSync(file, code);
  const logs = [];
  const original = console.log;
  console.log = (...args) => logs.push(format(...args));
  try {
    await import(pathToFileURL(file).href);
  } finally {
    console.log = original;
    fs.rmSync(file, { force: true });
  }
  return { printed: `${logs.join("\n")}\n`, expected: blocks.find(([, lang]) => lang === "")?.[2] };
}
