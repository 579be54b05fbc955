// What the stateful mock answers, free of any transport: the mock's own endpoints under the
// reserved prefix and the store's answer to a request the spec accepted (with the fallback to
// the spec's example when the model cannot serve an operation). The server mock's router
// (http.mjs) and the in-process handlers (msw/) both answer through these.
import { CONTROL_PREFIX } from "./model.mjs";

/**
 * `POST /__specforge/reset`: the store goes back to its seed (204; nothing to do when stateless).
 * `GET /__specforge/state`: how many items the store holds, its cap, and the answers that fell back to examples.
 * @returns {{ status: number, body?: unknown }}
 */
export function controlAnswer(state, method, url) {
  const path = url.split("?")[0];
  if (path === `${CONTROL_PREFIX}/reset` && method === "POST") {
    state?.reset(); // a stateless mock has nothing to reset
    return { status: 204 };
  }
  if (path === `${CONTROL_PREFIX}/state` && method === "GET") {
    if (!state) return { status: 200, body: { stateless: true } };
    return {
      status: 200,
      body: {
        stateless: false,
        items: state.store.size,
        maxItems: state.store.maxItems,
        fallbacks: state.fallbacks,
        resources: Object.keys(state.resources),
      },
    };
  }
  return {
    status: 404,
    body: {
      error: `${method} ${path}: the mock's own endpoints are POST ${CONTROL_PREFIX}/reset and GET ${CONTROL_PREFIX}/state`,
    },
  };
}

/**
 * The store's answer to a matched request the spec accepted with `status`, or undefined when the
 * model cannot serve the operation (e.g. a schema its validator cannot compile): then the
 * operation answers with the spec's example, as a stateless mock would, and says so once.
 * `exampleBody`: the spec's answer (or a function returning it), used when the stateful one would not validate.
 */
export function statefulAnswer(state, matched, status, exampleBody) {
  try {
    return state.answer(matched, status, exampleBody);
  } catch (error) {
    state.fallbacks++;
    const name = matched.operationId ?? "an operation";
    if (!(state.unmodelled ??= new Set()).has(name)) {
      state.unmodelled.add(name);
      console.error(`mock state: ${name} answers with the spec's examples (cannot model it: ${error.message})`);
    }
    return undefined;
  }
}
