// A local keep-alive HTTP server answering the few operations the overhead and pagination
// figures call, in each provider's wire format, with tiny fixed bodies (so the client side is
// what gets measured). Pages are computed, not stored: `node stub-server.mjs <totalItems>`.
import http from "node:http";
import { report } from "../util.mjs";

const TOTAL = Number(process.argv[2] ?? 100_000);

const json = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};

const uuid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const pageSize = (value, fallback = 100) => Math.max(1, Math.min(1000, Number(value ?? fallback) || fallback));

const WHOAMI = {
  user: { uuid: uuid(1), name: "bench" },
  account: { uuid: uuid(2), name: "bench" },
  role: { uuid: uuid(3), name: "admin" },
};
const PROCESS = {
  id: "p1",
  name: "Acquisitions",
  createdAt: "2024-11-24T10:00:00Z",
  updatedAt: "2024-11-24T10:00:00Z",
};
const TENANT = { success: true, tenant: { id: 1, name: "Demo club", subdomain: "demo" } };

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://stub");
  const q = url.searchParams;
  const body = req.method === "POST" || req.method === "PUT" ? await readBody(req) : "";
  const p = url.pathname;
  if (req.method === "GET" && p === "/whoami") return json(res, 200, WHOAMI);
  if (req.method === "GET" && p === "/processes/p1") return json(res, 200, PROCESS);
  if (req.method === "POST" && p === "/oauth/token")
    return json(res, 200, { access_token: "bench-token", token_type: "Bearer", expires_in: 3600 });
  if (req.method === "POST" && p === "/dart/core") {
    const params = JSON.parse(body || "{}");
    if (params.action === "get_tenant") return json(res, 200, TENANT);
    if (params.action === "get_all_members") {
      const offset = Number(params.offset ?? 0);
      const limit = pageSize(params.limit);
      const members = [];
      for (let i = offset; i < Math.min(TOTAL, offset + limit); i++)
        members.push({ id: i, fname: "Ada", lname: `Member ${i}`, email: `m${i}@example.org` });
      return json(res, 200, { success: true, members, total: TOTAL });
    }
    return json(res, 200, { success: false, errorMessage: `unknown action ${params.action}` });
  }
  // Cursor pages, Trusted Twin style: ?cursor=&count= -> { twins, cursor }.
  if (req.method === "GET" && p === "/twins") {
    const start = Number(q.get("cursor") ?? 0);
    const count = pageSize(q.get("count"));
    const twins = [];
    for (let i = start; i < Math.min(TOTAL, start + count); i++) twins.push(uuid(i));
    const next = start + twins.length;
    return json(res, 200, { twins, cursor: next < TOTAL ? String(next) : null });
  }
  // Offset pages: ?offset=&limit= -> { stickers }.
  if (req.method === "GET" && p === "/stickers") {
    const offset = Number(q.get("offset") ?? 0);
    const limit = pageSize(q.get("limit"));
    const stickers = [];
    for (let i = offset; i < Math.min(TOTAL, offset + limit); i++)
      stickers.push({ twin: uuid(i), color: "red", message: `sticker ${i}`, created_ts: 1_700_000_000 + i });
    return json(res, 200, { stickers });
  }
  // Window pages: history of one ledger entry, newest first, ?le=&limit=.
  if (req.method === "GET" && /^\/twins\/[^/]+\/ledgers\/[^/]+\/history$/.test(p)) {
    const newest = 2_000_000;
    const le = q.has("le") ? Number(q.get("le")) : Number.POSITIVE_INFINITY;
    const limit = pageSize(q.get("limit"));
    const first = Number.isFinite(le) ? Math.max(0, newest - Math.floor(le)) : 0;
    const series = {};
    for (let i = first; i < Math.min(TOTAL, first + limit); i++) series[(newest - i).toFixed(3)] = { value: i };
    return json(res, 200, { entries: { temperature: series } });
  }
  // Cursor pages, Midaxo style: ?after=&first= -> { data, paging: { endCursor, hasNextPage } }.
  if (req.method === "GET" && p === "/processes") {
    const start = Number(q.get("after") ?? 0);
    const first = pageSize(q.get("first"));
    const data = [];
    for (let i = start; i < Math.min(TOTAL, start + first); i++) data.push({ id: `p${i}`, name: `Process ${i}` });
    const next = start + data.length;
    return json(res, 200, {
      data,
      paging: { endCursor: next < TOTAL ? String(next) : null, hasNextPage: next < TOTAL },
    });
  }
  json(res, 404, { error: `stub: no route for ${req.method} ${p}` });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(0, "127.0.0.1", () => report({ url: `http://127.0.0.1:${server.address().port}` }));
process.on("SIGTERM", () => process.exit(0));
// The parent holds stdin open: when it goes away (even without stopping us), exit too.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
