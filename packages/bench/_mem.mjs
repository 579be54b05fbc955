import { createTrustedTwinClient } from "@specforge/trustedtwin";
import { createMiddletwinClient } from "@specforge/middletwin";
const settings = { maxRetries: 2, timeoutMs: 10_000 };
const baseUrl = "http://127.0.0.1:4030";
const BODIES = { "/whoami": { user: { name: "bench" } }, "/dart/core": { success: true, tenant: { id: 1 } } };
const memoryFetch = async (input) => {
  const body = BODIES[new URL(String(input)).pathname];
  return new Response(JSON.stringify(body ?? { error: "no route" }), { status: body ? 200 : 404, headers: { "content-type": "application/json" } });
};
const tt = createTrustedTwinClient({ secret: "bench-secret", baseUrl, ...settings, fetch: memoryFetch });
const mt = createMiddletwinClient({ publicKey: "bench-public", secretKey: "bench-secret-key", baseUrl, ...settings, fetch: memoryFetch });
async function raw(url, init) {
  const c = new AbortController(); const t = setTimeout(() => c.abort(), 10000);
  try { const res = await memoryFetch(url, { ...init, signal: c.signal }); if (!res.ok) throw 1; return await res.json(); } finally { clearTimeout(t); }
}
const v = {
  raw: () => raw(`${baseUrl}/whoami`, { headers: { Authorization: "bench-secret" } }),
  tt: () => tt.who_am_i(),
  mt: () => mt.get_tenant({ subdomain: "demo" }),
};
const N = Number(process.argv[2] ?? 20000);
for (const k of Object.keys(v)) for (let i = 0; i < 2000; i++) await v[k]();
const res = {};
for (let r = 0; r < 5; r++) for (const k of Object.keys(v)) {
  const c0 = process.cpuUsage(); for (let i = 0; i < N; i++) await v[k](); const c = process.cpuUsage(c0);
  (res[k] ??= []).push((c.user + c.system) / N);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(Object.entries(res).map(([k, a]) => `${k} ${med(a).toFixed(1)}us`).join("  "), ` tt-raw ${(med(res.tt) - med(res.raw)).toFixed(1)}us`);
