// Figure: the in-process mock (@specforge/mock/msw, MSW handlers on the server mock's state)
// against the server mock (startMock: Prism behind the router), @mswjs/source (stateless
// handlers from the same API's bundled spec) and a no-op MSW handler answering our answer's bytes
// (MSW's interception alone: the ceiling). Each API and kind runs in a fresh child: the imports,
// the time from the start call to the first answer, then requests/s with fetch from the same process.
import { fmt, runChild, stats } from "../util.mjs";
import { absoluteRow, missingRow } from "../rows.mjs";

export const FIGURE = "In-process mock (MSW handlers)";

const TT = { authorization: "a".repeat(64) };
/** One read per API that every kind answers (a stateful read for ours and the server mock). */
const REQUESTS = {
  trustedtwin: { method: "GET", path: "/twins", headers: TT },
  middletwin: {
    method: "POST",
    path: "/dart/core",
    headers: { "x-apikey": "pk", "x-secretkey": "sk", "content-type": "application/json" },
    body: { action: "get_member", id: "1001" },
  },
  midaxo: { method: "GET", path: "/processes", headers: { authorization: "token" } },
};
const KINDS = ["specforge", "server", "source", "noop"];

export async function msw({ runs, counts, apis, log }) {
  const rows = [];
  const details = [];
  const wanted = Object.keys(REQUESTS).filter((api) => !apis || apis.includes(api));
  for (const api of wanted) {
    const results = Object.fromEntries(
      KINDS.map((k) => [k, { importMs: [], firstMs: [], firstCpuMs: [], rps: [], handlerRps: [], error: undefined }]),
    );
    for (let round = 0; round < runs; round++) {
      for (const kind of KINDS) {
        const r = results[kind];
        if (r.error) continue;
        try {
          const out = await runChild(
            "msw-handlers.mjs",
            [kind, api, JSON.stringify(REQUESTS[api]), String(counts.total), String(counts.concurrency)],
            { timeoutMs: 180_000 },
          );
          r.importMs.push(out.result.importMs);
          r.firstMs.push(out.result.firstMs);
          if (out.result.firstCpuMs !== undefined) r.firstCpuMs.push(out.result.firstCpuMs);
          r.rps.push(out.result.rps);
          if (out.result.handlerRps) r.handlerRps.push(out.result.handlerRps);
          r.status = out.result.firstStatus;
          log(
            `  ${api} ${kind} round ${round + 1}: imports ${fmt.ms(out.result.importMs)}, first answer ${fmt.ms(out.result.firstMs)}${out.result.firstCpuMs !== undefined ? ` (CPU ${fmt.ms(out.result.firstCpuMs)})` : ""} (${out.result.firstStatus}), ${fmt.int(out.result.rps)} req/s${out.result.handlerRps ? `; handlers alone ${fmt.int(out.result.handlerRps)} req/s` : ""}`,
          );
        } catch (error) {
          r.error = String(error.message).split("\n")[0];
          log(`  ${api} ${kind}: ${r.error}`);
        }
      }
    }
    const ours = results.specforge;
    const server = results.server;
    const source = results.source;
    const noop = results.noop;
    const other = (r, name, format, key) =>
      r.error ? `${name}: not measured (${r.error})` : `${name} ${fmt.range(stats(r[key]), format)}`;
    if (ours.error) {
      rows.push(
        missingRow({ figure: FIGURE, measure: `${api}: createMockHandlers to first answer`, reason: ours.error }),
      );
      continue;
    }
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `${api}: createMockHandlers to first answer`,
        values: ours.firstMs,
        format: fmt.ms,
        target: { max: 200, text: "≤ 200 ms" },
        extra: ` (this process's CPU time over it ${fmt.range(stats(ours.firstCpuMs), fmt.ms)}; ${other(server, "server mock", fmt.ms, "firstMs")}; ${other(source, "@mswjs/source", fmt.ms, "firstMs")}); modules loaded before the clock: importing msw/node + @specforge/mock/msw in the fresh process takes ${fmt.range(stats(ours.importMs), fmt.ms)} more (msw/node + @mswjs/source ${source.error ? "not measured" : fmt.range(stats(source.importMs), fmt.ms)}; @specforge/mock ${server.error ? "not measured" : fmt.range(stats(server.importMs), fmt.ms)})`,
        why: () =>
          "in a fresh process the first answer finds the API among the installed packages, reads the view, seeds the state and compiles (Ajv code generation, cold JIT) the view's schema set twice (state and validator) and the two schemas the request needs; no process, no Prism",
      }),
    );
    if (server.error)
      rows.push(missingRow({ figure: FIGURE, measure: `${api}: req/s ÷ server mock`, reason: server.error }));
    else
      rows.push(
        absoluteRow({
          figure: FIGURE,
          measure: `${api}: in-process req/s ÷ server mock req/s at ${counts.concurrency} in flight`,
          values: ours.rps.map((v, i) => v / server.rps[i]),
          format: (v) => `${v.toFixed(1)}×`,
          target: { min: 5, text: "≥ 5×" },
          extra: ` (in process ${fmt.range(stats(ours.rps), fmt.int)} req/s; server mock ${fmt.range(stats(server.rps), fmt.int)} req/s; ${other(source, "@mswjs/source", fmt.int, "rps")} req/s, stateless; ${other(noop, "a no-op MSW handler", fmt.int, "rps")} req/s)`,
          why: () =>
            noop.error
              ? "fetch through msw/node's interceptor in the process (the no-op ceiling was not measured)"
              : `fetch through msw/node's interceptor: a no-op handler answering the same bytes reaches ${fmt.range(stats(noop.rps.map((v, i) => v / server.rps[i])), (v) => `${v.toFixed(1)}×`)} the server mock, and ours ${fmt.range(stats(ours.rps.map((v, i) => v / noop.rps[i])), (v) => `${Math.round(v * 100)}%`)} of that no-op figure: MSW's interception (Request/Response objects, cookies, handler matching) is the limit`,
        }),
      );
    if (!server.error && !noop.error)
      rows.push(
        absoluteRow({
          figure: FIGURE,
          measure: `${api}: no-op MSW handler req/s ÷ server mock req/s (the ceiling of any handler)`,
          values: noop.rps.map((v, i) => v / server.rps[i]),
          format: (v) => `${v.toFixed(1)}×`,
          extra: ` (no-op ${fmt.range(stats(noop.rps), fmt.int)} req/s: one http.all handler answering our answer's status, headers and bytes, made before the clock)`,
        }),
      );
    if (!server.error && ours.handlerRps.length)
      rows.push(
        absoluteRow({
          figure: FIGURE,
          measure: `${api}: handlers alone (getResponse) req/s ÷ server mock req/s`,
          values: ours.handlerRps.map((v, i) => v / server.rps[i]),
          format: (v) => `${v.toFixed(1)}×`,
          target: { min: 5, text: "≥ 5×" },
          extra: ` (handlers ${fmt.range(stats(ours.handlerRps), fmt.int)} req/s, one at a time; ${other(source, "@mswjs/source", fmt.int, "handlerRps")} req/s)`,
          why: () =>
            "MSW's getResponse runs the handlers on a Request with no interception: our validation, state and answer only",
        }),
      );
  }
  details.push(
    `Per API and kind, a fresh Node process imports what a test file would (timed on its own: msw/node and @specforge/mock/msw; msw/node and @mswjs/source; @specforge/mock), then the clock starts: \`createMockHandlers(api)\` by name (finding the API among the installed packages, reading its view) + msw/node's \`setupServer\`, or \`startMock({ api, port: 0 })\`, or @mswjs/source's \`fromOpenApi(bundled spec)\` + \`setupServer\`; the first answer stops it. The no-op kind is msw/node with one \`http.all\` handler answering fixed bytes (our answer's, made before the clock): MSW's own cost per request. Then 50 warm-up requests and ${counts.total} with ${counts.concurrency} in flight, sent with fetch from that process (to the server mock over HTTP on 127.0.0.1). Requests: ${Object.entries(
      REQUESTS,
    )
      .filter(([api]) => wanted.includes(api))
      .map(([api, r]) => `${api} \`${r.method} ${r.path}${r.body ? ` ${JSON.stringify(r.body)}` : ""}\``)
      .join(", ")}. ${runs} rounds. @mswjs/source answers the spec's examples without state, auth or validation.`,
  );
  return { id: "msw", title: FIGURE, rows, details };
}
