// Every docs sample of a read (a GET or HEAD operation: no side effects), sent to the stateful mock
// an added provider's package already starts for its own tests (its vitest global setup), each on
// the mock's seed. The corpus test and e2e's add-provider test write this test into the new package,
// so no further mock is started. Each request carries the sample's headers and no others (as curl
// sends it), and no redirect is followed: an operation that documents no 2xx answer but a 3xx (e.g.
// "navigate to the portal") succeeds with that redirect. A sample that cannot get a 2xx says why, per
// operation, in `reasons`: the test fails if such a sample does answer 2xx (the reason is stale).

const READS = new Set(["GET", "HEAD"]);

/**
 * The read samples of a docs view as requests relative to the spec's first server: each operation's
 * curl sample parsed (placeholder credentials for the variables it reads), the server's URL (its
 * variables at their defaults, as the samples write it) taken off.
 * @param {object} docsView  the `<api>.docs.json` add-provider generated
 * @param {(source: string, env: Record<string, string>) => { method: string, url: string, headers: Record<string, string> }} parseCurl
 *   codegen's curl parser (`@specforge/codegen/samples`)
 * @param {string} server  the URL the samples call (`serverUrl(view.servers[0])` of @specforge/model)
 */
export function readSampleRequests(docsView, parseCurl, server) {
  const base = server.replace(/\/$/, "");
  const requests = [];
  for (const item of Object.values(docsView.paths ?? {}))
    for (const op of Object.values(item ?? {})) {
      const curl = op?.["x-codeSamples"]?.find((s) => s.label === "curl")?.source;
      if (!op?.operationId || !curl) continue;
      // A placeholder for every variable the sample reads; basic credentials (`-u "$X"`) as user:password.
      const basic = new Set([...curl.matchAll(/-u "\$([A-Z][A-Z0-9_]*)"/g)].map(([, n]) => n));
      const env = Object.fromEntries(
        [...curl.matchAll(/\$([A-Z][A-Z0-9_]*)/g)].map(([, n]) => [
          n,
          basic.has(n) ? "sample-user:sample-password" : `sample-${n.toLowerCase()}`,
        ]),
      );
      const request = parseCurl(curl, env);
      if (!READS.has(request.method)) continue;
      if (!request.url.startsWith(base))
        throw new Error(`${op.operationId}: its sample calls ${request.url}, not ${base}`);
      const statuses = Object.keys(op.responses ?? {});
      const redirects = statuses.some((s) => /^2(\d\d|XX)$/i.test(s))
        ? []
        : statuses.filter((s) => /^3\d\d$/.test(s)).map(Number);
      requests.push({
        operationId: op.operationId,
        method: request.method,
        url: request.url.slice(base.length),
        headers: request.headers,
        ...(redirects.length ? { redirects } : {}),
      });
    }
  return requests;
}

/**
 * The test file: `api` is the registry name (its mock's URL is `inject("mockUrls")[api]`), `reasons`
 * a map of operationId to why its sample cannot answer 2xx.
 */
export function readSamplesTest({ api, requests, reasons = {} }) {
  return `/// <reference types="@specforge/mock/vitest" />
// Written by @specforge/testkit/read-samples: every docs sample of a read, on the stateful mock's seed.
import { request } from "node:http";
import { expect, inject, it } from "vitest";

const requests: { operationId: string; method: string; url: string; headers: Record<string, string>; redirects?: number[] }[] = ${JSON.stringify(requests)};
const reasons: Record<string, string> = ${JSON.stringify(reasons)};

// Prism makes an answer the spec gives no example for from the schema, which takes it tens of seconds
// for some published schemas (figma's getFileNodes: 17.6 s on a quiet 2-core machine, several times that beside the suite): each request
// may take up to this long, and the test as long as all of them together.
const PER_REQUEST_MS = 300_000;

/** Sends exactly the sample's headers, as curl does (Node's fetch would add its own, e.g. \`accept-language: *\`); follows no redirect. */
function send(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: PER_REQUEST_MS }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("timeout", () => req.destroy(new Error(\`no answer in \${PER_REQUEST_MS} ms\`)));
    req.on("error", reject);
    req.end();
  });
}

it("every docs sample of a read answers 2xx on the stateful mock", async () => {
  const mock = inject("mockUrls")[${JSON.stringify(api)}]!;
  const failed: string[] = [];
  let answered = 0;
  for (const r of requests) {
    await fetch(\`\${mock}/__specforge/reset\`, { method: "POST" }); // each sample stands alone, on the seed
    const response = await send(\`\${mock}\${r.url}\`, r.method, r.headers).catch((error: Error) => ({
      status: 0,
      text: error.message,
    }));
    const text = response.text;
    // A 2xx, or the redirect an operation that documents no 2xx documents.
    const ok = (response.status >= 200 && response.status < 300) || (r.redirects ?? []).includes(response.status);
    if (ok) answered++;
    const reason = reasons[r.operationId];
    if (reason && ok) failed.push(\`\${r.operationId}: listed as not answering 2xx (\${reason}), yet answered \${response.status}\`);
    else if (!reason && !ok) failed.push(\`\${r.operationId}: \${r.method} \${r.url} -> \${response.status} \${text.slice(0, 200)}\`);
  }
  const unknown = Object.keys(reasons).filter((id) => !requests.some((r) => r.operationId === id));
  console.log(\`read samples: \${answered} of \${requests.length} answered 2xx (or their documented redirect) on the stateful mock (\${Object.keys(reasons).length} listed with a reason)\`);
  expect(unknown, "reasons for operations that have no read sample").toEqual([]);
  expect(failed, "read samples").toEqual([]);
}, 60_000 + requests.length * PER_REQUEST_MS);
`;
}
