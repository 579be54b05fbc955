// A consumer project for the docs' TypeScript samples: its node_modules links the built packages
// (their exports maps and declarations, as installed) and @types/node; nothing else of the
// workspace is visible. `files` maps paths under src/ to their source; `tsc -p tsconfig.json`
// compiles them strictly into dist/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function sampleConsumer(repoRoot: string, name: string, files: Iterable<[string, string]>): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), `specforge-${name}-`));
  fs.mkdirSync(path.join(project, "node_modules", "@types"), { recursive: true });
  fs.symlinkSync(
    path.join(repoRoot, "node_modules", "@specforge"),
    path.join(project, "node_modules", "@specforge"),
    "dir",
  );
  fs.symlinkSync(
    path.join(repoRoot, "node_modules", "@types", "node"),
    path.join(project, "node_modules", "@types", "node"),
    "dir",
  );
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: `${name}-consumer`, private: true, type: "module" }),
  );
  for (const [file, source] of files) {
    fs.mkdirSync(path.dirname(path.join(project, "src", file)), { recursive: true });
    fs.writeFileSync(path.join(project, "src", file), `${source}\n`);
  }
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        skipLibCheck: false,
        rootDir: "src",
        outDir: "dist",
      },
      include: ["src"],
    }),
  );
  return project;
}
