// The HTTP side of the stateful mock: the answer the store gives once Prism accepted a request,
// and the mock's own endpoints under the reserved prefix (/__specforge/reset, /__specforge/state).
import { controlAnswer, statefulAnswer } from "./control.mjs";
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
  const answer = statefulAnswer(state, matched, upstreamRes.statusCode, prismBody);
  if (!answer) {
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

/** The mock's own endpoints (control.mjs decides, this writes the answer). */
export function answerControl(state, req, res) {
  const { status, body } = controlAnswer(state, req.method, req.url);
  if (body === undefined) {
    res.writeHead(status);
    return res.end();
  }
  return sendJson(res, status, body);
}
