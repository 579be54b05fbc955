/**
 * A local HTTP server on 127.0.0.1 (port 0) scripted per request, for fault-injection tests:
 * each API request takes the next step of the script (a status with headers and body, a reset
 * connection, a hang, ...); when the script runs out, `fallback` answers. `POST /oauth/token`
 * is answered apart (its own script, then a valid token), so OAuth clients can be driven too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export type Step = (request: Received, res: ServerResponse) => void;

export interface FaultServer {
  readonly url: string;
  /** API requests (everything but the token endpoint), in arrival order. */
  readonly requests: Received[];
  /** Requests to POST /oauth/token. */
  readonly tokenRequests: Received[];
  /** Queues steps for the next API requests. */
  script(...steps: Step[]): FaultServer;
  /** Queues steps for the next token requests (then tokens are issued as usual). */
  scriptToken(...steps: Step[]): FaultServer;
  /** What answers when the script is spent (default: 200 with `{}`). */
  fallback: Step;
  /** The access tokens issued, in order. */
  readonly tokens: string[];
  /** The next token to issue (default: tok-<n>). */
  nextToken?: () => string;
  close(): Promise<void>;
}

/** Time between two recorded requests, in ms. */
export const gap = (a: Received, b: Received) => b.at - a.at;

export async function startFaultServer(): Promise<FaultServer> {
  const queue: Step[] = [];
  const tokenQueue: Step[] = [];
  const sockets = new Set<Socket>();
  const state: FaultServer = {
    url: "",
    requests: [],
    tokenRequests: [],
    tokens: [],
    fallback: json(200, {}),
    script(...steps) {
      queue.push(...steps);
      return state;
    },
    scriptToken(...steps) {
      tokenQueue.push(...steps);
      return state;
    },
    close: () => close(server, sockets),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      };
      if (req.method === "POST" && (req.url ?? "").split("?")[0] === "/oauth/token") {
        state.tokenRequests.push(received);
        const step = tokenQueue.shift();
        if (step) return step(received, res);
        const token = state.nextToken?.() ?? `tok-${state.tokens.length + 1}-${Math.random().toString(36).slice(2)}`;
        state.tokens.push(token);
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600 })(received, res);
      }
      state.requests.push(received);
      (queue.shift() ?? state.fallback)(received, res);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, { url: `http://127.0.0.1:${port}` });
  return state;
}

function close(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

// ---- steps ----

/** Any status, headers and raw body. */
export function respond(
  status: number,
  body: string,
  headers: Record<string, string> = {},
  statusMessage?: string,
): Step {
  return (_req, res) => {
    if (statusMessage !== undefined) res.statusMessage = statusMessage;
    res.writeHead(status, { "content-length": Buffer.byteLength(body), ...headers });
    res.end(body);
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Step {
  return respond(status, JSON.stringify(body), { "content-type": "application/json", ...headers });
}

/** An HTML error page, as proxies and load balancers send. */
export function html(status: number, title: string, bodyText = title): Step {
  return respond(
    status,
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${bodyText}</h1><hr>nginx</body></html>`,
    {
      "content-type": "text/html; charset=utf-8",
    },
  );
}

/** A body that claims JSON but is not. */
export function malformedJson(status = 200, text = '{"id": "1", "name": '): Step {
  return respond(status, text, { "content-type": "application/json" });
}

/** 429 with Retry-After (seconds, or an HTTP date). */
export function tooManyRequests(retryAfter: string, body: unknown = { message: "slow down" }): Step {
  return json(429, body, { "retry-after": retryAfter });
}

/** The connection is destroyed without an answer (the client sees a reset / socket hang-up). */
export function reset(): Step {
  return (req, res) => {
    void req;
    res.socket?.destroy();
  };
}

/** Headers and half a body, then the connection is destroyed. */
export function resetMidBody(): Step {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    res.write('{"partial": ');
    setTimeout(() => res.socket?.destroy(), 5);
  };
}

/** Never answers (until the client gives up or the server closes). */
export function hang(): Step {
  return () => undefined;
}

/** Answers after `ms`. */
export function delayed(ms: number, step: Step): Step {
  return (req, res) => {
    setTimeout(() => step(req, res), ms);
  };
}

/** An HTTP date (IMF-fixdate) for `msFromNow`, rounded up to the next whole second. */
export function httpDate(msFromNow: number): { header: string; at: number } {
  const at = Math.ceil((Date.now() + msFromNow) / 1000) * 1000;
  return { header: new Date(at).toUTCString(), at };
}
