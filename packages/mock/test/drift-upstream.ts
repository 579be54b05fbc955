// A stand-in for a real API that drifts from its spec: a node:http server on 127.0.0.1 that asks
// the real mock for the answer, then changes it the way a drift rule says. `/<api>/...` is
// forwarded to that API's mock, so one upstream serves several APIs (the proxy's `--upstream`
// takes a base URL with a path).
import http from "node:http";

export type Answer = { status: number; headers: Record<string, string>; body: string };
export type Exchange = {
  api: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
};
/** Returns the changed answer, or undefined to pass the mock's answer on unchanged. */
export type Drift = (request: Exchange, answer: Answer) => Answer | undefined;

export async function startDriftUpstream(mocks: Record<string, string>, drift: Drift) {
  /** The raw header lines of every request, as they arrived. */
  const received: string[][] = [];
  const server = http.createServer(async (req, res) => {
    received.push(req.rawHeaders);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const [, api, ...rest] = (req.url ?? "/").split("/");
    const path = `/${rest.join("/")}`;
    const base = mocks[api];
    if (!base) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no mock for ${api}`);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers[k] = v;
    const answer = await fetch(`${base}${path}`, { method: req.method, headers, body: body || undefined });
    const got: Answer = {
      status: answer.status,
      headers: { "content-type": answer.headers.get("content-type") ?? "" },
      body: await answer.text(),
    };
    let json: any;
    try {
      json = JSON.parse(body);
    } catch {}
    const out =
      drift({ api, method: req.method ?? "GET", path: path.split("?")[0], headers: req.headers, body, json }, got) ??
      got;
    res.writeHead(out.status, { ...out.headers, "x-upstream": "drift", "content-length": Buffer.byteLength(out.body) });
    res.end(out.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Raw bytes of an answer, as an app would see them (node:http: no decoding, no header added). */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  return new Promise<{
    status: number;
    statusMessage: string;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const target = new URL(path, base);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: target.pathname + target.search,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            statusMessage: res.statusMessage!,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
