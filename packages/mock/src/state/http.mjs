// The HTTP side of the stateful mock: the answer the store gives once Prism accepted a request,
// and the mock's own endpoints under the reserved prefix (/__specforge/reset, /__specforge/state).
import { CONTROL_PREFIX } from "./model.mjs";

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
  // Prism's own answer is parsed only if the stateful one would not validate (the fallback).
  const prismBody = () => {
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      return undefined;
    }
  };
  let answer;
  try {
    answer = state.answer(matched, upstreamRes.statusCode, prismBody);
  } catch (error) {
    // The model cannot serve this operation (e.g. a schema its validator cannot compile): the
    // operation answers with Prism's example, as a stateless mock would, and says so once.
    state.fallbacks++;
    const name = matched.operationId ?? "an operation";
    if (!(state.unmodelled ??= new Set()).has(name)) {
      state.unmodelled.add(name);
      console.error(`mock state: ${name} answers with the spec's examples (cannot model it: ${error.message})`);
    }
    res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
    return res.end(raw);
  }
  const { status, body } = answer;
  const headers = { ...upstreamRes.headers };
  delete headers["content-length"];
  delete headers["content-type"];
  delete headers["transfer-encoding"];
  sendJson(res, status, body, headers);
}

/**
 * `POST /__specforge/reset`: the store goes back to its seed (204; nothing to do when stateless).
 * `GET /__specforge/state`: how many items the store holds, its cap, and the answers that fell back to examples.
 */
export function answerControl(state, req, res) {
  const path = req.url.split("?")[0];
  if (path === `${CONTROL_PREFIX}/reset` && req.method === "POST") {
    state?.reset(); // a stateless mock has nothing to reset
    res.writeHead(204);
    return res.end();
  }
  if (path === `${CONTROL_PREFIX}/state` && req.method === "GET") {
    if (!state) return sendJson(res, 200, { stateless: true });
    return sendJson(res, 200, {
      stateless: false,
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
