// In-process mocks as MSW request handlers: the same state, validator and error shapes as the
// server mock (answer.mjs), with no Prism, no Redocly and no `node:` module, so the handlers run
// under `setupServer` (msw/node) and `setupWorker` (msw/browser) alike. `api` here is a mock view
// object (a client package's `openapi.mock.json`); in Node, node.mjs also takes names and folders.
import { serverUrl } from "@specforge/model";
import { HttpResponse, http } from "msw";
import { answerRequest, compileInProcessMock } from "./answer.mjs";

const JSON_MEDIA = /json/i;

/** The handlers' answer as a fetch Response. */
function toResponse({ status, headers, body }) {
  if (body === undefined) return new HttpResponse(null, { status, headers });
  const contentType = headers["content-type"] ?? "application/json";
  const text = typeof body === "string" && !JSON_MEDIA.test(contentType) ? body : JSON.stringify(body);
  return new HttpResponse(text, { status, headers: { ...headers, "content-type": contentType } });
}

function isMockView(value) {
  return value !== null && typeof value === "object" && typeof value.openapi === "string";
}

/**
 * MSW request handlers for one API's mock view, at the spec's server URL (or `baseUrl`).
 * @param {object | object[]} api the mock view (a client package's `openapi.mock.json`), or several
 *   (an API and its token endpoint); the first is the one `state` is of
 * @param {{ baseUrl?: string | Record<string, string>, seed?: object, stateless?: boolean, maxItems?: number }} [options]
 *   `seed`: fixtures `{ "<resource>": [item, ...] }` for the first view; `baseUrl`: where the client
 *   calls (one URL, or one per view title)
 */
export function createMockHandlers(api, options = {}) {
  const views = [api].flat();
  if (!views.length || !views.every(isMockView))
    throw new TypeError(
      "createMockHandlers: give an API's mock view (import it from '<client package>/openapi.mock.json'); in Node, an API name, client package or package folder also works",
    );
  return combine(
    views.map((view, i) =>
      apiHandlers(view, {
        ...options,
        baseUrl:
          typeof options.baseUrl === "object"
            ? options.baseUrl?.[view.info?.title]
            : i === 0
              ? options.baseUrl
              : undefined,
        seed: i === 0 ? options.seed : undefined,
      }),
    ),
  );
}

/** One view's handlers, its state and its reset. */
export function apiHandlers(view, { baseUrl, seed, stateless, maxItems } = {}) {
  const mock = compileInProcessMock(view, { seed, stateless, maxItems });
  const base = new URL(baseUrl ?? serverUrl(view.servers?.[0]));
  if (!/^https?:$/.test(base.protocol))
    throw new Error(`createMockHandlers: ${view.info?.title ?? "the API"} has no http(s) server URL; pass baseUrl`);
  const basePath = base.pathname.replace(/\/+$/, "");
  const handle = async ({ request }) => {
    const url = new URL(request.url);
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return undefined;
    const body = new Uint8Array(await request.arrayBuffer());
    const headers = {};
    for (const [name, value] of request.headers) headers[name.toLowerCase()] = value;
    const path = url.pathname.slice(basePath.length) || "/";
    return toResponse(answerRequest(mock, { method: request.method, url: path + url.search, headers, body }));
  };
  const handlers = [http.all(`${base.origin}${basePath}/*`, handle)];
  if (basePath) handlers.push(http.all(`${base.origin}${basePath}`, handle));
  return { handlers, state: mock.state, reset: () => mock.state?.reset(), mock };
}

/** Several APIs' handlers as one: every handler, one reset, the first API's state. */
export function combine(parts) {
  return {
    handlers: parts.flatMap((p) => p.handlers),
    state: parts[0].state,
    states: parts.map((p) => p.state),
    reset() {
      for (const p of parts) p.reset();
    },
  };
}
