// Figure 5: mock latency and throughput. Every provider mock runs as `npm run mock` runs it
// (Prism behind the router, in a child process); the same request goes through the router and
// straight to that mock's Prism (started by packages/mock's startPrism on the same mock view),
// with the path and headers the router would forward. Sequential p50/p99, then req/s with 16
// requests in flight. CPU time of the router and Prism processes says which one limits. Then the
// load check: 10,000 requests with 32 in flight through each mock's router, counting every
// answer that is not 2xx and every failed connection, with the throughput and peak RSS.
import http from "node:http";
import fs from "node:fs/promises";
import fsSync from "node:fs";
import { compileRules, resolveMockApis, route } from "@specforge/mock";
import path from "node:path";
import { cpuMsOf, fmt, makeTempDir, quantile, repoRoot, sleep, startChild, stats } from "../util.mjs";
import { absoluteRow, missingRow } from "../rows.mjs";
import { attributeCallees, describeShares, summariseProfile } from "../profile.mjs";

export const FIGURE = "Mock latency and throughput";

const SECRET = "a".repeat(64);
/** One representative successful request per mock. */
export const MOCK_REQUESTS = {
  trustedtwin: { method: "GET", path: "/whoami", headers: { authorization: SECRET } },
  middletwin: {
    method: "POST",
    path: "/dart/core",
    headers: { "x-apikey": "pk", "x-secretkey": "sk", "content-type": "application/json" },
    body: JSON.stringify({ action: "get_tenant", subdomain: "demo" }),
  },
  midaxo: { method: "GET", path: "/processes", headers: { authorization: "bench-token" } },
  "midaxo-oauth": {
    method: "POST",
    path: "/oauth/token",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=id&client_secret=secret&audience=https%3A%2F%2Fapi.midaxo.com",
  },
};

/** One request through a keep-alive agent; resolves to the status (the body is drained). */
export function send(agent, base, req) {
  return new Promise((resolve, reject) => {
    const url = new URL(req.path, base);
    const body = req.body ?? "";
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method,
        agent,
        headers: { ...req.headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode));
        res.on("error", reject);
      },
    );
    r.on("error", reject);
    r.end(body);
  });
}

/** Peak resident set size (VmHWM, bytes) of a process so far, from /proc (Linux); undefined elsewhere. */
export function peakRssOf(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fsSync.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** `total` requests with `inFlight` at a time; every non-2xx answer and every failed request is an error. */
async function load(base, req, total, inFlight) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  let next = 0;
  let errors = 0;
  const kinds = {};
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          next++;
          const status = await send(agent, base, req).catch((error) => error.code ?? "error");
          if (!(status >= 200 && status < 300)) {
            errors++;
            kinds[status] = (kinds[status] ?? 0) + 1;
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return { rps: total / ((performance.now() - t0) / 1000), errors, kinds };
}

async function sequential(agent, base, req, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const status = await send(agent, base, req);
    times.push(performance.now() - t0);
    if (status >= 300) throw new Error(`${base}${req.path} answered ${status}`);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** `total` requests with `inFlight` at a time: req/s, failures (status >= 300) and the seconds it took. */
export async function concurrent(agent, base, req, total, inFlight) {
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        next++;
        const status = await send(agent, base, req);
        if (status >= 300) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { rps: total / seconds, failed, seconds };
}

/** The request Prism gets from the router for `req` (path and headers the router forwards). */
function directRequest(rules, req) {
  const decision = route(rules, {
    method: req.method,
    url: req.path,
    headers: { ...req.headers },
    body: Buffer.from(req.body ?? ""),
  });
  if (decision.reply) throw new Error(`the router answers ${req.path} itself`);
  return { ...req, path: decision.path, headers: decision.headers };
}

export async function mock({ runs, counts, apis, log, profileRouter = true }) {
  const rows = [];
  const rulesByApi = {};
  for (const entry of resolveMockApis(apis, { cwd: repoRoot, companions: false })) {
    const view = JSON.parse(await fs.readFile(entry.mockView, "utf8"));
    rulesByApi[entry.name] = compileRules(view["x-specforge-mock"], view);
  }
  // The load check: 10,000 requests at 32 in flight (a tenth in --quick, which runs one round).
  const LOAD = { total: counts.loadTotal ?? (runs.mock > 1 ? 10_000 : 1_000), inFlight: counts.loadInFlight ?? 32 };
  const loadResults = {};
  const agent = new http.Agent({ keepAlive: true, maxSockets: counts.concurrency });
  // Start the mocks; if one does not answer (a port taken between Prism's start-up check and
  // its listen, when other processes grab ports too), start them again.
  let child;
  for (let attempt = 1; ; attempt++) {
    child = await startChild("mocks.mjs", [apis.join(",")], { timeoutMs: 120_000 });
    const failures = [];
    for (const m of child.info.mocks) {
      const req = MOCK_REQUESTS[m.api];
      for (const [base, q] of [
        [m.url, req],
        [m.prismUrl, directRequest(rulesByApi[m.api], req)],
      ]) {
        const status = await send(agent, base, q).catch((error) => error.code ?? error.message);
        if (!(status >= 200 && status < 300)) failures.push(`${m.api} ${base}${q.path}: ${status}`);
      }
    }
    if (!failures.length) break;
    await child.stop();
    if (attempt === 3) throw new Error(`mocks did not answer: ${failures.join("; ")}`);
    log(`  mock: ${failures.join("; ")}; restarting the mocks`);
  }
  const results = {};
  let routerProfile;
  try {
    for (const m of child.info.mocks) {
      const req = MOCK_REQUESTS[m.api];
      const targets = {
        router: { base: m.url, req },
        prism: { base: m.prismUrl, req: directRequest(rulesByApi[m.api], req) },
      };
      const r = (results[m.api] = {
        router: { p50: [], p99: [], rps: [], cpu: {} },
        prism: { p50: [], p99: [], rps: [], cpu: {} },
      });
      for (const t of Object.values(targets)) for (let i = 0; i < counts.warmup; i++) await send(agent, t.base, t.req);
      for (let round = 0; round < runs.mock; round++) {
        const order = round % 2 ? ["prism", "router"] : ["router", "prism"];
        for (const which of order) {
          const { base, req: q } = targets[which];
          const seq = await sequential(agent, base, q, counts.sequential);
          const routerCpu0 = cpuMsOf(child.pid);
          const prismCpu0 = cpuMsOf(m.prismPid);
          const load = await concurrent(agent, base, q, counts.concurrentTotal, counts.concurrency);
          const perReq = (before, pid) =>
            before === undefined ? NaN : (cpuMsOf(pid) - before) / counts.concurrentTotal;
          r[which].p50.push(seq.p50);
          r[which].p99.push(seq.p99);
          r[which].rps.push(load.rps);
          (r[which].cpu.router ??= []).push(perReq(routerCpu0, child.pid));
          (r[which].cpu.prism ??= []).push(perReq(prismCpu0, m.prismPid));
          if (load.failed) r[which].failed = load.failed;
        }
        log(
          `  mock ${m.api} round ${round + 1}: router p50 ${fmt.ms(r.router.p50.at(-1))} ${fmt.int(r.router.rps.at(-1))} req/s; prism p50 ${fmt.ms(r.prism.p50.at(-1))} ${fmt.int(r.prism.rps.at(-1))} req/s`,
        );
      }
      // Load: through the router, as a user's test suite hits it.
      const l = await load(m.url, req, LOAD.total, LOAD.inFlight);
      loadResults[m.api] = { ...l, prismRss: peakRssOf(m.prismPid), routerRss: peakRssOf(child.pid) };
      log(
        `  mock ${m.api} load: ${LOAD.total} requests at ${LOAD.inFlight} in flight, ${l.errors} errors, ${fmt.int(l.rps)} req/s`,
      );
      // The middletwin router over its target: profile the router process under sequential load.
      const added = stats(r.router.p50.map((v, i) => v - r.prism.p50[i])).median;
      if (m.api === "middletwin" && added > 0.3 && profileRouter) {
        const dir = await makeTempDir("specforge-bench-prof-");
        const file = path.join(dir, "router.cpuprofile");
        child.send("profile-start");
        await sleep(200);
        await sequential(agent, m.url, req, counts.sequential);
        child.send(`profile-stop ${file}`);
        for (let i = 0; i < 100 && !(await fs.stat(file).catch(() => null)); i++) await sleep(100);
        const raw = JSON.parse(await fs.readFile(file, "utf8"));
        await fs.rm(dir, { recursive: true, force: true });
        routerProfile = {
          ...summariseProfile(raw, { top: 5 }),
          router: attributeCallees(raw, (u) => u.includes("/packages/mock/"), { top: 4 }),
        };
      }
    }
  } finally {
    agent.destroy();
    await child.stop();
  }

  const cpuNote = (api, which) => {
    const c = results[api][which].cpu;
    return `CPU per request at 16 in flight: Prism ${fmt.ms(stats(c.prism).median)}, router ${fmt.ms(stats(c.router).median)} (${which === "router" ? "through the router" : "Prism direct"})`;
  };
  for (const api of apis) {
    const r = results[api];
    if (!r) {
      rows.push(missingRow({ figure: FIGURE, measure: `${api} mock`, reason: "did not start" }));
      continue;
    }
    if (api === "middletwin") {
      const added = r.router.p50.map((v, i) => v - r.prism.p50[i]);
      rows.push(
        absoluteRow({
          figure: FIGURE,
          measure: "middletwin router: added p50 latency (router − Prism direct)",
          values: added,
          format: fmt.ms,
          target: { max: 0.3, text: "≤ 0.3 ms" },
          extra: ` (router p50 ${fmt.range(stats(r.router.p50), fmt.ms)}, Prism direct ${fmt.range(stats(r.prism.p50), fmt.ms)})`,
          why: () =>
            `${cpuNote(api, "router")}. Every request crosses a second loopback hop (router → Prism: one more socket read and write each way)` +
            (routerProfile
              ? `; CPU profile of the router process under sequential load: ${describeShares(routerProfile.buckets, 4)}; top functions ${describeShares(routerProfile.functions, 3)}; ` +
                `under packages/mock frames by callee: ${describeShares(routerProfile.router.callees, 3)}`
              : ""),
        }),
      );
    }
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `${api} mock: req/s at 16 in flight (through the router)`,
        values: r.router.rps,
        format: (v) => `${fmt.int(v)} req/s`,
        target: { min: 500, text: "≥ 500 req/s" },
        extra: ` (Prism direct ${fmt.range(stats(r.prism.rps), (v) => fmt.int(v))} req/s)`,
        why: () => {
          const prismCpu = stats(r.router.cpu.prism).median;
          return `${cpuNote(api, "router")}. Prism is one single-threaded process per mock: at ${fmt.ms(prismCpu)} of its CPU per request it cannot exceed ≈ ${fmt.int(1000 / prismCpu)} req/s, and the router and the load generator share the other core`;
        },
      }),
    );
  }
  const mb = (bytes) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
  for (const api of apis) {
    const l = loadResults[api];
    if (!l) {
      rows.push(missingRow({ figure: FIGURE, measure: `${api} mock under load: errors`, reason: "not measured" }));
      continue;
    }
    rows.push(
      absoluteRow({
        figure: FIGURE,
        measure: `${api} mock under load: errors in ${fmt.int(LOAD.total)} requests at ${LOAD.inFlight} in flight`,
        values: [l.errors],
        format: (v) => `${fmt.int(v)} errors`,
        target: { max: 0, text: "0 errors" },
        extra: ` (${fmt.int(l.rps)} req/s; peak RSS: Prism ${mb(l.prismRss)}, router process ${mb(l.routerRss)})`,
        why: () =>
          `answers that were not 2xx or failed: ${Object.entries(l.kinds)
            .map(([k, n]) => `${k} × ${n}`)
            .join(", ")}`,
      }),
    );
  }
  const details = [
    `Sequential: ${counts.sequential} requests one after another (after ${counts.warmup} warm-up requests); throughput: ${counts.concurrentTotal} requests with ${counts.concurrency} in flight; ${runs.mock} rounds, router and Prism-direct interleaved. Load generator: node:http with a keep-alive agent in the bench process; the mocks run in their own process, Prism with \`-v error\`.`,
    "",
    "| mock | request | via | p50 | p99 | req/s at 16 in flight | CPU ms/request (Prism / router) |",
    "|---|---|---|---|---|---|---|",
    ...apis.flatMap((api) => {
      const r = results[api];
      if (!r) return [];
      const q = MOCK_REQUESTS[api];
      return ["router", "prism"].map(
        (which) =>
          `| ${api} | \`${q.method} ${q.path}\` | ${which === "router" ? "router → Prism" : "Prism direct"} | ${fmt.range(stats(r[which].p50), fmt.ms)} | ${fmt.range(stats(r[which].p99), fmt.ms)} | ${fmt.range(stats(r[which].rps), fmt.int)}${r[which].failed ? ` (${r[which].failed} non-2xx)` : ""} | ${fmt.ms(stats(r[which].cpu.prism).median)} / ${which === "router" ? fmt.ms(stats(r[which].cpu.router).median) : "–"} |`,
      );
    }),
    "",
    `Load: ${fmt.int(LOAD.total)} requests with ${LOAD.inFlight} in flight through each mock's router (one keep-alive connection per request in flight), after the rounds above; an error is any answer that is not 2xx and any failed request. Peak RSS is the process's high-water mark (VmHWM) at the end: Prism is one process per mock; the routers of all the mocks share one process.`,
    "",
    "| mock | request | requests | in flight | errors | req/s | Prism peak RSS | router process peak RSS |",
    "|---|---|---|---|---|---|---|---|",
    ...apis.flatMap((api) => {
      const l = loadResults[api];
      if (!l) return [];
      const q = MOCK_REQUESTS[api];
      return [
        `| ${api} | \`${q.method} ${q.path}\` | ${fmt.int(LOAD.total)} | ${LOAD.inFlight} | ${fmt.int(l.errors)} | ${fmt.int(l.rps)} | ${mb(l.prismRss)} | ${mb(l.routerRss)} |`,
      ];
    }),
  ];
  return { id: "mock", title: FIGURE, rows, details };
}
