// One import in a fresh process, timed by the parent from spawn to exit:
//   node import.mjs specforge <spec file> <repository copy> <name>
//     `npm run add-provider -- <name> --spec <file> --no-install` in the copy: copy the file,
//     write the overlay, registry entry and client package, upgrade 3.0 to 3.1, lint, bundle,
//     derive and generate that provider (what a user waits for after typing the command);
//   node import.mjs openapi-typescript <spec file> <outDir>
//     plain openapi-typescript on the same file: read, bundle, types, written to schema.d.ts.
import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { report } from "../util.mjs";

const [tool, file, target, name] = process.argv.slice(2);
const started = performance.now();
if (tool === "specforge") {
  const { runAddProviderCli } = await import("@specforge/codegen");
  const lines = [];
  const code = await runAddProviderCli([name, "--spec", file, "--no-install"], {
    repoRoot: target,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  if (code !== 0) throw new Error(`add-provider failed (${code}):\n${lines.join("\n")}`);
  const generated = path.join(target, "packages", name, "src", "generated", name);
  const files = Object.fromEntries(
    await Promise.all(
      (await fs.readdir(generated)).map(async (f) => [f, (await fs.stat(path.join(generated, f))).size]),
    ),
  );
  report({
    tool,
    ms: performance.now() - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    files,
    warnings: lines.filter((l) => /warning/.test(l)).slice(0, 3),
  });
} else if (tool === "openapi-typescript") {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(pathToFileURL(file), { silent: true });
  const text = astToString(ast);
  await fs.mkdir(target, { recursive: true });
  await fs.writeFile(path.join(target, "schema.d.ts"), text);
  report({
    tool,
    ms: performance.now() - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    files: { "schema.d.ts": Buffer.byteLength(text) },
  });
} else {
  throw new Error(`unknown tool ${tool}`);
}
