// One in-process or server mock, measured from its start: `node msw-handlers.mjs <kind> <api> <request JSON> <total> <concurrency>`.
// kind: `specforge` (createMockHandlers under msw/node's setupServer), `source` (@mswjs/source's
// fromOpenApi on the same API's bundled spec, under setupServer), `server` (startMock: Prism
// behind the router) or `noop` (setupServer with one handler that answers fixed bytes: the same
// status, headers and body as ours, made before the clock starts; MSW's interception alone, the
// ceiling of any handler). Reports, in this fresh process: the time to import what the kind needs
// (`importMs`), the time from the start call (modules loaded) to the first answer (`firstMs`; and
// this process's CPU time over it, `firstCpuMs`), and
// requests/s over `total` requests with `concurrency` in flight, sent with fetch from this
// process; for handlers also requests/s of the handlers alone (MSW's getResponse, in sequence).
const t00 = performance.now();
const [kind, api, requestJson, totalArg, concurrencyArg] = process.argv.slice(2);
// What a user's test file imports for this kind, timed first (nothing else is loaded yet).
const TIMED_IMPORTS = {
  specforge: ["msw/node", "@specforge/mock/msw"],
  source: ["msw/node", "@mswjs/source/open-api"],
  noop: ["msw/node", "msw"],
  server: ["@specforge/mock"],
};
for (const name of TIMED_IMPORTS[kind]) await import(name);
const importMs = performance.now() - t00;

const fs = await import("node:fs");
const request = JSON.parse(requestJson);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const { report } = await import("../util.mjs");
const { setupServer } = await import("msw/node");
const { getResponse, http } = await import("msw");
const toRequest = (base) =>
  new Request(base + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });

// Before the clock: only what the kind is given (the bundled spec for @mswjs/source, our answer's
// bytes for the no-op handler). Our own kind resolves its API by name inside the measure.
let spec;
let fixed;
if (kind === "source") {
  const { resolveMockApis } = await import("@specforge/mock");
  const [entry] = resolveMockApis([api], { companions: false });
  spec = JSON.parse(fs.readFileSync(entry.bundle, "utf8"));
}
if (kind === "noop") {
  const { createMockHandlers } = await import("@specforge/mock/msw");
  const { handlers } = createMockHandlers(api);
  const base = handlers[0].info.path.replace(/\/\*$/, "");
  const res = await getResponse(handlers, toRequest(base));
  fixed = { base, status: res.status, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
}

let base;
let handlers;
let stop = async () => {};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
if (kind === "server") {
  const { startMock } = await import("@specforge/mock");
  const mock = await startMock({ api, port: 0 });
  base = mock.url;
  stop = () => mock.stop();
} else {
  if (kind === "specforge") {
    const { createMockHandlers } = await import("@specforge/mock/msw");
    handlers = createMockHandlers(api).handlers;
    base = handlers[0].info.path.replace(/\/\*$/, ""); // `${server URL}/*`
  } else if (kind === "noop") {
    base = fixed.base;
    handlers = [
      http.all(`${base}/*`, () => new Response(fixed.body, { status: fixed.status, headers: fixed.headers })),
    ];
  } else {
    handlers = await fromOpenApi(spec);
    base = spec.servers[0].url;
  }
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
  stop = async () => server.close();
}
async function fromOpenApi(document) {
  const source = await import("@mswjs/source/open-api");
  return source.fromOpenApi(document);
}
const send = async () => {
  const res = await fetch(toRequest(base));
  await res.arrayBuffer();
  return res.status;
};
const firstStatus = await send();
const firstMs = performance.now() - t0;
// This process's CPU time over the same span (a busy machine stretches the wall time, less so
// this); not for the server mock, whose Prism works in another process.
const cpu = process.cpuUsage(cpu0);
const firstCpuMs = kind === "server" ? undefined : (cpu.user + cpu.system) / 1000;
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
    const res = await getResponse(handlers, toRequest(base));
    await res?.arrayBuffer();
  }
  handlerRps = total / ((performance.now() - t2) / 1000);
}
await stop();
report({ importMs, firstMs, firstCpuMs, firstStatus, rps, handlerRps });
process.exit(0);
