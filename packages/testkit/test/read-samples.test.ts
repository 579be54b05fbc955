// The read samples of a docs view as the requests the check sends: reads only, relative to the
// spec's server, and an operation that documents only redirects succeeds with one of them.
import { describe, expect, it } from "vitest";
import { readSampleRequests, readSamplesTest } from "../src/read-samples.mjs";

// A stand-in for codegen's curl parser: `curl -X METHOD 'URL' -H "Name: value"`.
function parseCurl(source: string, env: Record<string, string>) {
  const method = /-X (\w+)/.exec(source)?.[1] ?? "GET";
  const url = /'([^']+)'/.exec(source)![1]!;
  const headers = Object.fromEntries(
    [...source.matchAll(/-H "([^:]+): ([^"]*)"/g)].map(([, name, value]) => [
      name!,
      value!.replace(/\$([A-Z_]+)/g, (_, n: string) => env[n] ?? ""),
    ]),
  );
  return { method, url, headers };
}

const op = (operationId: string, curl: string, responses: Record<string, object>) => ({
  operationId,
  responses,
  "x-codeSamples": [{ lang: "Shell", label: "curl", source: curl }],
});

const view = {
  paths: {
    "/things/{id}": {
      get: op("get_thing", `curl 'https://api.example.test/v1/things/t1' -H "Authorization: Bearer $API_TOKEN"`, {
        "200": {},
        "404": {},
      }),
      delete: op("delete_thing", `curl -X DELETE 'https://api.example.test/v1/things/t1'`, { "204": {} }),
    },
    "/portal": {
      get: op("open_portal", `curl 'https://api.example.test/v1/portal'`, { "302": {}, default: {} }),
    },
  },
};

describe("read samples", () => {
  it("are the reads' curl samples, relative to the server, with placeholder credentials", () => {
    expect(readSampleRequests(view, parseCurl, "https://api.example.test/v1/")).toEqual([
      {
        operationId: "get_thing",
        method: "GET",
        url: "/things/t1",
        headers: { Authorization: "Bearer sample-api_token" },
      },
      { operationId: "open_portal", method: "GET", url: "/portal", headers: {}, redirects: [302] },
    ]);
  });

  it("refuses a sample that calls another server", () => {
    expect(() => readSampleRequests(view, parseCurl, "https://other.example.test")).toThrow(/get_thing/);
  });

  it("make a test that sends the sample's own headers, follows no redirect and lists stale reasons", () => {
    const test = readSamplesTest({ api: "things", requests: [], reasons: { get_thing: "why" } });
    expect(test).toContain('inject("mockUrls")["things"]');
    expect(test).toContain('from "node:http"');
    expect(test).not.toMatch(/await fetch\(`\$\{mock\}\$\{r\.url\}`/);
    expect(test).toContain('{"get_thing":"why"}');
  });
});
