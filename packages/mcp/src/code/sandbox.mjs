// The sandbox code mode runs an agent's code in: QuickJS in WebAssembly (quickjs.mjs) on a worker
// thread (worker.mjs). The thread is the watchdog's handle: QuickJS stops its own loops at the
// deadline, and a run that still outlives it (engine work that cannot be interrupted) is ended by
// terminating the thread, so the server answers the next call either way. The host side here
// answers the worker's requests with the bridge: one call of the real client, or one page.
import { Worker } from "node:worker_threads";
import { DEFAULT_LIMITS, SandboxError } from "./quickjs.mjs";

export { DEFAULT_LIMITS, SandboxError };

const WORKER = new URL("./worker.mjs", import.meta.url);
/** How long past its deadline a run may take to stop itself before its thread is terminated. */
const GRACE_MS = 2000;
/** Idle workers kept warm (the engine loaded) for the next run. */
const idle = [];
const MAX_IDLE = 2;

function newWorker() {
  const worker = new Worker(WORKER);
  worker.unref();
  return worker;
}

/** Starts a worker and loads the engine in it ahead of the first run (a server does it at start). */
export async function warmSandbox() {
  if (idle.length) return;
  const worker = newWorker();
  await new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", resolve);
    worker.postMessage({ type: "warm" });
  });
  idle.push(worker);
}

/** Ends the idle workers (a server does it when it closes). */
export async function closeSandbox() {
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()));
}

/**
 * Runs `js` (the body of an async function, JavaScript) with `client` in scope.
 * @param {string} js
 * @param {object} bridge
 * @param {string[]} bridge.operations   the method names `client` has
 * @param {string[]} bridge.pagers       the operations `client.paginate` has
 * @param {boolean} bridge.hasCall       `client.call(action, params)` exists (an RPC client)
 * @param {(name: string, args: unknown, options: unknown) => Promise<unknown>} bridge.call  one operation, in the host
 * @param {(name: string, args: unknown, options: unknown) => AsyncIterator<unknown>} bridge.paginate  its items, in the host
 * @param {Partial<typeof DEFAULT_LIMITS>} [limits]
 * @returns {Promise<{ value: unknown, json: string, logs: string[] }>}
 */
export function runInSandbox(js, bridge, limits = {}) {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const worker = idle.pop() ?? newWorker();
  worker.ref();
  const iterators = new Map();
  const answer = async ({ kind, name, args, options, id }) => {
    if (kind === "call") return bridge.call(name, args, options);
    if (kind === "open") {
      const opened = iterators.size + 1;
      iterators.set(opened, bridge.paginate(name, args, options));
      return opened;
    }
    const iterator = iterators.get(id);
    if (!iterator) throw { name: "Error", message: `no page iterator ${id}` };
    const { done, value } = await iterator.next();
    return done ? { done: true } : { done: false, value };
  };
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (outcome, reusable) => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      worker.off("message", onMessage);
      worker.off("error", onError);
      for (const iterator of iterators.values()) iterator.return?.()?.catch?.(() => {});
      if (reusable && idle.length < MAX_IDLE) {
        worker.unref();
        idle.push(worker);
      } else worker.terminate();
      outcome();
    };
    const onMessage = (message) => {
      if (message.type === "request") {
        answer(message.payload).then(
          (data) => !finished && worker.postMessage({ type: "reply", requestId: message.requestId, ok: true, data }),
          (error) =>
            !finished &&
            worker.postMessage({
              type: "reply",
              requestId: message.requestId,
              ok: false,
              error:
                error && typeof error === "object" && !(error instanceof Error)
                  ? error
                  : { name: error?.name ?? "Error", message: error?.message ?? String(error) },
            }),
        );
        return;
      }
      if (message.type !== "done") return;
      if (message.ok)
        finish(() => resolve({ value: JSON.parse(message.json), json: message.json, logs: message.logs }), true);
      else
        finish(
          () => reject(new SandboxError(message.reason, message.message, message.logs)),
          message.reason === "error",
        );
    };
    const onError = (error) =>
      finish(() => reject(new SandboxError("error", `the sandbox failed: ${error.message}`)), false);
    const watchdog = setTimeout(
      () =>
        finish(
          () =>
            reject(
              new SandboxError("time", `the code ran longer than its time limit (${all.timeMs} ms) and was stopped`),
            ),
          false,
        ),
      all.timeMs + GRACE_MS,
    );
    worker.on("message", onMessage);
    worker.on("error", onError);
    const { operations, pagers, hasCall } = bridge;
    worker.postMessage({ type: "run", js, bridge: { operations, pagers, hasCall }, limits: all });
  });
}
