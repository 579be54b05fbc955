// Prism as the mock starts it (prism-server.cjs, Prism's own server without its CLI): it honours the
// spec's root `x-json-schema-faker` options as `prism mock` does, and a start that cannot succeed
// (a busy port, a spec without operations) fails at once with Prism's reason.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startPrism } from "../src/serve/prism.mjs";

const PRISM_SERVER = fileURLToPath(new URL("../src/serve/prism-server.cjs", import.meta.url));
let dir: string;
const write = (name: string, spec: object) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
};
const spec = (extra: object) => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/tags": {
      get: {
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": { schema: { type: "array", items: { type: "string", enum: ["a", "b"] } } },
            },
          },
        },
      },
    },
  },
  ...extra,
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-prism-server-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("Prism as the mock starts it", () => {
  it("applies the spec's root x-json-schema-faker options to dynamic answers, as `prism mock` does", async () => {
    // Prism's documented spelling (kebab-case keys, camel-cased as the CLI does).
    const file = write("faker.json", spec({ "x-json-schema-faker": { "min-items": 4, "max-items": 4 } }));
    const prism = await startPrism({ spec: file });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${prism.url}/tags`, { headers: { Prefer: "dynamic=true" } });
        expect(res.status).toBe(200);
        expect(await res.json()).toHaveLength(4);
      }
    } finally {
      await prism.stop();
    }
  });

  it("ends with Prism's reason, in one line on stderr, when its port is busy; startPrism rejects with it", async () => {
    const port = await freePort();
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(port, "127.0.0.1", resolve));
    const file = write("busy.json", spec({}));
    try {
      const child = spawn(process.execPath, [PRISM_SERVER, file, "127.0.0.1", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.once("close", resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`^Prism could not start on .*busy\\.json: .*EADDRINUSE.*127\\.0\\.0\\.1:${port}\n$`),
      );
      // startPrism waits for the port Prism reports, so the port's holder (which would answer a
      // connection) is never taken for Prism: what another process took between a port's choice
      // and Prism's listen once made a mock forward to a stranger (CI, 2026-12-07).
      await expect(startPrism({ spec: file, port })).rejects.toThrow(
        /Prism exited with code 1: Prism could not start on .*EADDRINUSE/,
      );
    } finally {
      busy.close();
    }
  });

  it("fails with Prism's reason when the spec has no operation", async () => {
    const file = write("empty.json", { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} });
    await expect(startPrism({ spec: file })).rejects.toThrow(/No operations found in the current file\./);
  });
});
