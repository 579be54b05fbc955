// The HTTP side of the stateful mock: the answer the store gives once Prism accepted a request,
// and the mock's own endpoints under the reserved prefix (/__specforge/reset, /__specforge/state).
import { CONTROL_PREFIX } from "./state.mjs";

export { CONTROL_PREFIX };

function sendJson(res, status, body, headers = {}) {
  if (res.headersSent) return res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** Answers a request Prism accepted (2xx) with the store's data, keeping Prism's status and headers. */
export async function answerFromState(state, matched, upstreamRes, res) {
  const raw = await readAll(upstreamRes);
  let prismBody;
  try {
    prismBody = JSON.parse(raw.toString("utf8"));
  } catch {
    prismBody = undefined;
  }
  const { status, body } = state.answer(matched, upstreamRes.statusCode, prismBody);
  const headers = { ...upstreamRes.headers };
  delete headers["content-length"];
  delete headers["content-type"];
  delete headers["transfer-encoding"];
  sendJson(res, status, body, headers);
}

/**
 * `POST /__specforge/reset`: the store goes back to its seed (204).
 * `GET /__specforge/state`: how many items the store holds, its cap, and the answers that fell back to examples.
 */
export function answerControl(state, req, res) {
  const path = req.url.split("?")[0];
  if (path === `${CONTROL_PREFIX}/reset` && req.method === "POST") {
    state.reset();
    res.writeHead(204);
    return res.end();
  }
  if (path === `${CONTROL_PREFIX}/state` && req.method === "GET") {
    return sendJson(res, 200, {
      items: state.store.size,
      maxItems: state.store.maxItems,
      fallbacks: state.fallbacks,
      resources: Object.keys(state.resources),
    });
  }
  return sendJson(res, 404, {
    error: `${req.method} ${path}: the mock's own endpoints are POST ${CONTROL_PREFIX}/reset and GET ${CONTROL_PREFIX}/state`,
  });
}
