// One in-process or server mock, measured from its start: `node msw-handlers.mjs <kind> <api> <request JSON> <total> <concurrency>`.
// kind: `specforge` (createMockHandlers under msw/node's setupServer), `source` (@mswjs/source's
// fromOpenApi on the same API's bundled spec, under setupServer) or `server` (startMock: Prism
// behind the router). Reports the time from the start call (modules already loaded) to the first
// answer, and requests/s over `total` requests with `concurrency` in flight, sent with fetch from
// this process; for handlers also requests/s of the handlers alone (MSW's getResponse, in sequence).
import fs from "node:fs";

const [kind, api, requestJson, totalArg, concurrencyArg] = process.argv.slice(2);
const request = JSON.parse(requestJson);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const { report } = await import("../util.mjs");
const { resolveMockApis, startMock } = await import("@specforge/mock");
const { setupServer } = await import("msw/node");
const { getResponse } = await import("msw");
const { createMockHandlers } = await import("@specforge/mock/msw");
const { fromOpenApi } = kind === "source" ? await import("@mswjs/source/open-api") : {};
const [entry] = resolveMockApis([api], { companions: false });
const spec = kind === "source" ? JSON.parse(fs.readFileSync(entry.bundle, "utf8")) : undefined;

let base;
let handlers;
let stop = async () => {};
const t0 = performance.now();
if (kind === "server") {
  const mock = await startMock({ api, port: 0 });
  base = mock.url;
  stop = () => mock.stop();
} else {
  handlers = kind === "specforge" ? createMockHandlers(api).handlers : await fromOpenApi(spec);
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
  base = (spec ?? JSON.parse(fs.readFileSync(entry.mockView, "utf8"))).servers[0].url;
  stop = async () => server.close();
}
const send = async () => {
  const res = await fetch(base + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  await res.arrayBuffer();
  return res.status;
};
const firstStatus = await send();
const firstMs = performance.now() - t0;
for (let i = 0; i < 50; i++) await send();
let next = 0;
const t1 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      await send();
    }
  }),
);
const rps = total / ((performance.now() - t1) / 1000);
// The handlers alone (MSW's getResponse, no fetch interception), one request after another.
let handlerRps;
if (handlers) {
  const t2 = performance.now();
  for (let i = 0; i < total; i++) {
    const res = await getResponse(
      handlers,
      new Request(base + request.path, {
        method: request.method,
        headers: request.headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      }),
    );
    await res?.arrayBuffer();
  }
  handlerRps = total / ((performance.now() - t2) / 1000);
}
await stop();
report({ firstMs, firstStatus, rps, handlerRps });
process.exit(0);
