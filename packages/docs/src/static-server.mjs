// A static file server for a built folder (the docs portal): GET and HEAD only, no directory
// listing, and no way out of the folder. A malformed URL gets a 400; nothing a client sends can
// make it throw. Used by `npm start`, the screenshot script and the browser tests.
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

function answer(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The file under `root` a request path names, or a status when there is none: 400 for a path
 * that does not decode, 404 for anything outside `root` (`..`, encoded or not, or a sibling
 * folder whose name starts like root's).
 */
export function resolveRequestPath(root, rawUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(rawUrl ?? "/", "http://docs").pathname);
  } catch {
    return { status: 400, message: "bad request: the path is not valid percent-encoded UTF-8" };
  }
  if (pathname.includes("\0")) return { status: 400, message: "bad request: the path holds a NUL byte" };
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.posix.sep}${pathname.endsWith("/") ? `${pathname}index.html` : pathname}`);
  if (file !== base && !file.startsWith(`${base}${path.sep}`)) return { status: 404, message: "not found" };
  return { file };
}

/** An http.Server for `root`; call `.listen(port, host)` on it. */
export function createStaticServer(root) {
  return http.createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        return answer(res, 405, "method not allowed");
      }
      const target = resolveRequestPath(root, req.url);
      if (!target.file) return answer(res, target.status, target.message);
      let body;
      try {
        body = await fs.readFile(target.file);
      } catch {
        return answer(res, 404, "not found");
      }
      res.writeHead(200, {
        "content-type": TYPES[path.extname(target.file)] ?? "application/octet-stream",
        "content-length": body.length,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      // Whatever went wrong, this request gets an answer and the server keeps serving.
      if (!res.headersSent) answer(res, 500, "internal error");
      else res.destroy();
    }
  });
}

/**
 * Serves `root` on `host:port` and resolves to the listening server; a port in use is a clear
 * error naming the variable that changes it (`portEnv`).
 */
export function serveStatic(root, { port, host = "127.0.0.1", portEnv = "the port" }) {
  const server = createStaticServer(root);
  return new Promise((resolve, reject) => {
    server.once("error", (error) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`docs: port ${port} is already in use (set ${portEnv} to use another port)`)
          : error,
      ),
    );
    server.listen(port, host, () => resolve(server));
  });
}
