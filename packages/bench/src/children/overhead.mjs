// Client overhead per request: `node overhead.mjs <serverUrl> <calls> <rounds> <warmup> [variant-filter]`.
// For each provider, the same request through raw fetch, bare openapi-fetch and specforge's
// client (retries, auth and timeouts on), each `calls` times in a row, rounds interleaved.
// Reports wall time and client CPU time per call for every round. The "in-memory" variants answer
// from a fetch that builds the same Response in process (no socket, no server): what is left is
// the client's own work per call, the part a client can change.
import createClient from "openapi-fetch";
import { createMidaxoClient } from "@specforge/midaxo";
import { createMiddletwinClient } from "@specforge/middletwin";
import { createTrustedTwinClient } from "@specforge/trustedtwin";
import { report } from "../util.mjs";

const [baseUrl, callsArg, roundsArg, warmupArg, filter] = process.argv.slice(2);
const calls = Number(callsArg);
const rounds = Number(roundsArg);
const warmup = Number(warmupArg);

const settings = { maxRetries: 2, timeoutMs: 10_000 };
const SECRET = "bench-secret";
const KEYS = { "X-Apikey": "bench-public", "X-SecretKey": "bench-secret-key" };

const tt = createTrustedTwinClient({ secret: SECRET, baseUrl, ...settings });
const midaxo = createMidaxoClient({
  region: "eu",
  clientId: "id",
  clientSecret: "secret",
  baseUrl,
  tokenUrl: `${baseUrl}/oauth/token`,
  ...settings,
});
const mt = createMiddletwinClient({
  publicKey: KEYS["X-Apikey"],
  secretKey: KEYS["X-SecretKey"],
  baseUrl,
  ...settings,
});
const bare = createClient({ baseUrl });

/** The stub server's answers, built in process: a fresh Response per call, as fetch gives. */
const MEMORY_BODIES = {
  "/whoami": { user: { name: "bench" } },
  "/processes/p1": { id: "p1", name: "Acquisitions" },
  "/oauth/token": { access_token: "bench-token", token_type: "Bearer", expires_in: 3600 },
  "/dart/core": { success: true, tenant: { id: 1, name: "Demo club", subdomain: "demo" } },
};
const memoryFetch = async (input) => {
  const body = MEMORY_BODIES[new URL(String(input)).pathname];
  return new Response(JSON.stringify(body ?? { error: "no route" }), {
    status: body ? 200 : 404,
    headers: { "content-type": "application/json" },
  });
};
const memory = { ...settings, fetch: memoryFetch };
const ttMemory = createTrustedTwinClient({ secret: SECRET, baseUrl, ...memory });
const midaxoMemory = createMidaxoClient({
  region: "eu",
  clientId: "id",
  clientSecret: "secret",
  baseUrl,
  tokenUrl: `${baseUrl}/oauth/token`,
  ...memory,
});
const mtMemory = createMiddletwinClient({
  publicKey: KEYS["X-Apikey"],
  secretKey: KEYS["X-SecretKey"],
  baseUrl,
  ...memory,
});

const check = (ok, what) => {
  if (!ok) throw new Error(`unexpected answer from ${what}`);
};

async function rawJson(url, init) {
  const res = await fetch(url, init);
  check(res.ok, url);
  return res.json();
}

/** Raw fetch with what a timeout costs any client: an AbortController, its signal and a timer per call. */
async function rawJsonWithTimeout(url, init, fetchImpl = fetch) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  try {
    const res = await fetchImpl(url, { ...init, signal: controller.signal });
    check(res.ok, url);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}

const postInit = (body, headers) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** provider -> variant -> one call, resolving to the parsed body. */
const variants = {
  trustedtwin: {
    "raw fetch": () => rawJson(`${baseUrl}/whoami`, { headers: { Authorization: SECRET } }),
    "raw fetch + timeout": () => rawJsonWithTimeout(`${baseUrl}/whoami`, { headers: { Authorization: SECRET } }),
    "openapi-fetch": async () => (await bare.GET("/whoami", { headers: { Authorization: SECRET } })).data,
    specforge: () => tt.who_am_i(),
    "in-memory raw + timeout": () =>
      rawJsonWithTimeout(`${baseUrl}/whoami`, { headers: { Authorization: SECRET } }, memoryFetch),
    "in-memory specforge": () => ttMemory.who_am_i(),
  },
  midaxo: {
    "raw fetch": () => rawJson(`${baseUrl}/processes/p1`, { headers: { Authorization: "bench-token" } }),
    "raw fetch + timeout": () =>
      rawJsonWithTimeout(`${baseUrl}/processes/p1`, { headers: { Authorization: "bench-token" } }),
    "openapi-fetch": async () =>
      (
        await bare.GET("/processes/{processId}", {
          params: { path: { processId: "p1" } },
          headers: { Authorization: "bench-token" },
        })
      ).data,
    specforge: () => midaxo.get_process({ path: { processId: "p1" } }),
    "in-memory raw + timeout": () =>
      rawJsonWithTimeout(`${baseUrl}/processes/p1`, { headers: { Authorization: "bench-token" } }, memoryFetch),
    "in-memory specforge": () => midaxoMemory.get_process({ path: { processId: "p1" } }),
  },
  middletwin: {
    "raw fetch": () => rawJson(`${baseUrl}/dart/core`, postInit({ action: "get_tenant", subdomain: "demo" }, KEYS)),
    "raw fetch + timeout": () =>
      rawJsonWithTimeout(`${baseUrl}/dart/core`, postInit({ action: "get_tenant", subdomain: "demo" }, KEYS)),
    "openapi-fetch": async () =>
      (await bare.POST("/dart/core", { body: { action: "get_tenant", subdomain: "demo" }, headers: KEYS })).data,
    specforge: () => mt.get_tenant({ subdomain: "demo" }),
    "in-memory raw + timeout": () =>
      rawJsonWithTimeout(
        `${baseUrl}/dart/core`,
        postInit({ action: "get_tenant", subdomain: "demo" }, KEYS),
        memoryFetch,
      ),
    "in-memory specforge": () => mtMemory.get_tenant({ subdomain: "demo" }),
  },
};
const expected = {
  trustedtwin: (b) => b?.user?.name === "bench",
  midaxo: (b) => b?.id === "p1",
  middletwin: (b) => b?.tenant?.subdomain === "demo",
};

const selected = [];
for (const [provider, byVariant] of Object.entries(variants)) {
  for (const [variant, call] of Object.entries(byVariant)) {
    const key = `${provider}/${variant}`;
    if (!filter || key === filter) selected.push({ provider, variant, key, call });
  }
}

for (const v of selected) {
  check(expected[v.provider](await v.call()), v.key);
  for (let i = 0; i < warmup; i++) await v.call();
}

const results = Object.fromEntries(
  selected.map((v) => [v.key, { provider: v.provider, variant: v.variant, wallUs: [], cpuUs: [] }]),
);
// Each round, the variants take turns in blocks of BLOCK calls until each has made `calls`: a drift
// of the machine (another process, the CPU's clock, a GC) then falls on every variant alike, which
// a variant's calls made all in a row would not share.
const BLOCK = 250;
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round so no variant always follows the same one.
  const order = selected.map((_, i) => selected[(i + round) % selected.length]);
  const spent = new Map(order.map((v) => [v.key, { wallUs: 0, cpuUs: 0 }]));
  for (let done = 0; done < calls; done += BLOCK) {
    const n = Math.min(BLOCK, calls - done);
    for (const v of order) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await v.call();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const total = spent.get(v.key);
      total.wallUs += wall * 1000;
      total.cpuUs += cpu.user + cpu.system;
    }
  }
  for (const v of order) {
    results[v.key].wallUs.push(spent.get(v.key).wallUs / calls);
    results[v.key].cpuUs.push(spent.get(v.key).cpuUs / calls);
  }
}
report({ calls, rounds, results });
