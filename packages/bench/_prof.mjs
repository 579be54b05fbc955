import { createTrustedTwinClient } from "@specforge/trustedtwin";
const baseUrl = "http://127.0.0.1:4030";
const memoryFetch = async () => new Response('{"user":{"name":"bench"}}', { status: 200, headers: { "content-type": "application/json" } });
const tt = createTrustedTwinClient({ secret: "bench-secret", baseUrl, maxRetries: 2, timeoutMs: 10_000, fetch: memoryFetch });
for (let i = 0; i < 200000; i++) await tt.who_am_i();
