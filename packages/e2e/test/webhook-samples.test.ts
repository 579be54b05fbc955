// The docs' webhook samples are tested like code, for every API with `webhooks`:
// - TypeScript (a receiver): compiled strict against the built packages in a consumer project,
//   then called with each of the webhook's examples as a fetch Request; it must answer 2xx;
// - curl (the delivery): parsed, sent to a local receiver as $CALLBACK_URL; the receiver must get
//   the example's JSON.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRegistry, outputPaths } from "@specforge/codegen";
import { parseCurl, SAMPLE_LABELS } from "@specforge/codegen/samples";
import { startWebhookReceiver, type WebhookReceiver } from "@specforge/mock/testing";
import { sampleConsumer } from "./sample-consumer.js";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface WebhookSample {
  api: string;
  webhook: string;
  typescript: string;
  curl: string;
  examples: unknown[];
}

const samples: WebhookSample[] = [];
let project: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  const registry = await loadRegistry(repoRoot);
  for (const api of registry.apis) {
    const view = JSON.parse(fs.readFileSync(outputPaths(api).docsView, "utf8"));
    for (const [webhook, item] of Object.entries<any>(view.webhooks ?? {})) {
      for (const op of Object.values<any>(item)) {
        const byLabel = new Map<string, string>(
          (op["x-codeSamples"] ?? []).map((c: { label: string; source: string }) => [c.label, c.source]),
        );
        const content = Object.values<any>(op.requestBody?.content ?? {})[0];
        samples.push({
          api: api.name,
          webhook,
          typescript: byLabel.get(SAMPLE_LABELS.typescript) ?? "",
          curl: byLabel.get(SAMPLE_LABELS.curl) ?? "",
          examples: Object.values<any>(content?.examples ?? {}).map((e) => e.value),
        });
      }
    }
  }
  receiver = await startWebhookReceiver();
  project = sampleConsumer(
    repoRoot,
    "webhook-samples",
    samples.map((s) => [`${s.api}/${s.webhook}.ts`, s.typescript]),
  );
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe("webhook samples in the docs", () => {
  it("every webhook has a TypeScript receiver and a curl delivery, and examples", () => {
    expect(samples.length).toBeGreaterThan(0);
    expect(
      samples.filter((s) => !s.typescript || !s.curl || s.examples.length === 0).map((s) => `${s.api} ${s.webhook}`),
    ).toEqual([]);
  });

  it("every receiver compiles and answers 2xx to each of its webhook's examples", { timeout: 120_000 }, async () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const output = await run(process.execPath, [tsc, "-p", "tsconfig.json"], {
      cwd: project,
      maxBuffer: 16 << 20,
    }).then(
      (r) => r.stdout,
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(output.trim(), "receivers that do not compile").toBe("");
    const log = console.log;
    try {
      console.log = () => {};
      for (const s of samples) {
        const { receive } = await import(pathToFileURL(path.join(project, "dist", s.api, `${s.webhook}.js`)).href);
        for (const example of s.examples) {
          const response: Response = await receive(
            new Request("http://127.0.0.1/callback", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(example),
            }),
          );
          expect(response.status, `${s.api} ${s.webhook}`).toBeGreaterThanOrEqual(200);
          expect(response.status, `${s.api} ${s.webhook}`).toBeLessThan(300);
        }
      }
    } finally {
      console.log = log;
    }
  });

  it("every curl delivery sends the webhook's first example to $CALLBACK_URL", async () => {
    for (const s of samples) {
      const request = parseCurl(s.curl, { CALLBACK_URL: receiver.url });
      await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
      const got = await receiver.nextMessage(2000);
      expect(got.method).toBe(request.method);
      expect(got.body, `${s.api} ${s.webhook}`).toEqual(s.examples[0]);
    }
  });
});
