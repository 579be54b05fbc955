// The engine code mode runs an agent's code in (inside the sandbox worker, sandbox.mjs): QuickJS
// compiled to WebAssembly (quickjs-emscripten), a separate JavaScript engine with its own heap. Its
// global object holds the language and nothing else: no fetch, no process, no require or import, no
// timers, no filesystem. The code reaches the host through two functions only (`__host_call`,
// `__host_next`), which the prelude turns into `client`; each call's arguments and answer cross as
// JSON strings, so no host object, function or credential is ever inside. A fresh runtime per run,
// with limits on time (wall clock, host calls included), memory and output; the WebAssembly module
// is loaded once. This module is the only one that imports quickjs-emscripten.
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";

/** The defaults of the limits (a run may lower or raise each). */
export const DEFAULT_LIMITS = Object.freeze({ timeMs: 30_000, memoryBytes: 64 * 1024 * 1024, outputBytes: 100_000 });

/** A run that broke a limit or threw: `reason` says which (time, memory, output, error). */
export class SandboxError extends Error {
  constructor(reason, message, logs = []) {
    super(message);
    this.name = "SandboxError";
    this.reason = reason;
    this.logs = logs;
  }
}

let modulePromise;
const quickjs = () => {
  modulePromise ??= newQuickJSWASMModuleFromVariant(variant);
  return modulePromise;
};
/** Loads the engine ahead of the first run (a server does it at start). */
export const warmQuickJs = () => quickjs().then(() => undefined);

/** What crosses into the sandbox of a host failure: a plain object (the bridge builds it), else name and message. */
const plainError = (error) =>
  error && typeof error === "object" && !(error instanceof Error)
    ? error
    : { name: error?.name ?? "Error", message: error?.message ?? String(error) };

const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

// Runs inside the sandbox before the code: builds `client` from the operation names, and `console`.
// A host answer is `{ ok, data }` or `{ ok: false, error }`; an error becomes a thrown Error with the
// provider's message and the client error's fields (kind, status, body), so try/catch works.
const PRELUDE = `
(function (hostCall, hostNext, hostLog, operations, pagers, hasCall) {
  const answer = (text) => {
    const reply = JSON.parse(text);
    if (reply.ok) return reply.data;
    const error = new Error(reply.error.message);
    for (const [key, value] of Object.entries(reply.error)) if (key !== "message") error[key] = value;
    if (reply.error.name) error.name = reply.error.name;
    throw error;
  };
  const json = (value) => (value === undefined ? "null" : JSON.stringify(value));
  // A function among the per-call options (onAttempt) would vanish in JSON: it arrives named, and is refused.
  const jsonOptions = (value) =>
    value === undefined ? "null" : JSON.stringify(value, (key, v) => (typeof v === "function" ? "[function]" : v));
  const client = {};
  for (const name of operations)
    client[name] = (args, options) => hostCall(name, json(args), jsonOptions(options)).then(answer);
  if (hasCall)
    client.call = (action, args, options) => hostCall(String(action), json(args), jsonOptions(options)).then(answer);
  client.paginate = {};
  for (const name of pagers)
    client.paginate[name] = async function* (args, options) {
      const id = answer(await hostCall("paginate:" + name, json(args), jsonOptions(options)));
      for (;;) {
        const step = answer(await hostNext(id));
        if (step.done) return;
        yield step.value;
      }
    };
  const show = (value) => (typeof value === "string" ? value : (() => { try { return JSON.stringify(value); } catch { return String(value); } })());
  const log = (level) => (...values) => hostLog(level, values.map(show).join(" "));
  globalThis.console = { log: log("log"), info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") };
  return Object.freeze(client);
})`;

/**
 * Runs `js` (the body of an async function, already JavaScript) with `client` in scope, in this thread.
 * @param {string} js
 * @param {object} bridge
 * @param {string[]} bridge.operations   the method names `client` has
 * @param {string[]} bridge.pagers       the operations `client.paginate` has
 * @param {boolean} bridge.hasCall       `client.call(action, params)` exists (an RPC client)
 * @param {(request: { kind: "call" | "open" | "next", name?: string, args?: unknown, options?: unknown, id?: number }) => Promise<unknown>} bridge.request
 *   runs one operation in the host ("call"), opens a page iterator ("open", answers its id) or takes its next item ("next")
 * @param {Partial<typeof DEFAULT_LIMITS>} [limits]
 * @returns {Promise<{ value: unknown, logs: string[], json: string }>} the value the code returned (JSON) and what it logged
 */
export async function runInQuickJs(js, bridge, limits = {}) {
  const { timeMs, memoryBytes, outputBytes } = { ...DEFAULT_LIMITS, ...limits };
  const module = await quickjs();
  const started = Date.now();
  const deadline = started + timeMs;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(1024 * 1024);
  // Stops guest code that runs without yielding: past the deadline, or once the host has stopped the run.
  let halted;
  runtime.setInterruptHandler(() => halted !== undefined || Date.now() > deadline);
  const ctx = runtime.newContext();
  const logs = [];
  let logBytes = 0;
  let closed = false;
  let reject; // rejects the run from the host side (time, output)
  const stopped = new Promise((_, fail) => {
    reject = fail;
  });
  const stop = (error) => {
    halted ??= error;
    reject(halted);
  };
  const deferreds = new Set();
  const fail = (reason, message) => new SandboxError(reason, message, logs);
  const timeError = () => fail("time", `the code ran longer than its time limit (${timeMs} ms) and was stopped`);
  const timer = setTimeout(() => stop(timeError()), timeMs);

  const settle = (deferred, text) => {
    if (closed) return;
    const handle = ctx.newString(text);
    deferred.resolve(handle);
    handle.dispose();
    deferreds.delete(deferred);
    deferred.dispose();
    drain();
  };
  // Runs the guest's pending jobs (its awaits); an error here is the interrupt or out of memory.
  const drain = () => {
    if (closed) return;
    const result = runtime.executePendingJobs();
    if (result.error) {
      const error = ctx.dump(result.error);
      result.error.dispose();
      stop(guestFailure(error));
    }
  };
  const guestFailure = (error) => {
    const text = `${error?.name ?? "Error"}: ${error?.message ?? String(error)}`;
    if (/interrupted/.test(text)) return halted ?? timeError();
    if (/out of memory/i.test(text))
      return fail("memory", `the code ran out of memory (its limit is ${mb(memoryBytes)}) and was stopped`);
    if (/stack overflow|call stack size/i.test(text))
      return fail("stack", `the code overflowed its stack (${text}) and was stopped`);
    return fail("error", text);
  };
  const reply = (work) => {
    const deferred = ctx.newPromise();
    deferreds.add(deferred);
    Promise.resolve()
      .then(work)
      .then(
        (data) => ({ ok: true, data: data ?? null }),
        (error) => ({ ok: false, error: plainError(error) }),
      )
      .then((outcome) => settle(deferred, JSON.stringify(outcome)));
    return deferred.handle;
  };
  const parse = (handle) => {
    const text = ctx.getString(handle);
    return text === "null" ? undefined : JSON.parse(text);
  };

  const hostCall = ctx.newFunction("__host_call", (nameHandle, argsHandle, optionsHandle) => {
    const name = ctx.getString(nameHandle);
    const args = parse(argsHandle);
    const options = parse(optionsHandle);
    if (name.startsWith("paginate:"))
      return reply(() => bridge.request({ kind: "open", name: name.slice("paginate:".length), args, options }));
    return reply(() => bridge.request({ kind: "call", name, args, options }));
  });
  const hostNext = ctx.newFunction("__host_next", (idHandle) => {
    const id = ctx.getNumber(idHandle);
    return reply(() => bridge.request({ kind: "next", id }));
  });
  const hostLog = ctx.newFunction("__host_log", (levelHandle, textHandle) => {
    const level = ctx.getString(levelHandle);
    const text = ctx.getString(textHandle);
    logBytes += text.length + level.length + 2;
    if (logBytes > outputBytes)
      stop(fail("output", `the code logged more than its output limit (${outputBytes} bytes) and was stopped`));
    else logs.push(level === "log" ? text : `[${level}] ${text}`);
  });

  try {
    const prelude = ctx.unwrapResult(ctx.evalCode(PRELUDE, "prelude.js"));
    const operations = ctx.newString(JSON.stringify(bridge.operations));
    const pagers = ctx.newString(JSON.stringify(bridge.pagers));
    const parseJson = ctx.unwrapResult(ctx.evalCode("JSON.parse"));
    const opsArray = ctx.unwrapResult(ctx.callFunction(parseJson, ctx.undefined, operations));
    const pagersArray = ctx.unwrapResult(ctx.callFunction(parseJson, ctx.undefined, pagers));
    const client = ctx.unwrapResult(
      ctx.callFunction(
        prelude,
        ctx.undefined,
        hostCall,
        hostNext,
        hostLog,
        opsArray,
        pagersArray,
        bridge.hasCall ? ctx.true : ctx.false,
      ),
    );
    for (const handle of [prelude, operations, pagers, parseJson, opsArray, pagersArray, hostCall, hostNext, hostLog])
      handle.dispose();
    // The code is the body of an async function; its value is returned as JSON (undefined -> null).
    const evaluated = ctx.evalCode(`(async function (client) {\n${js}\n})`, "code.js");
    if (evaluated.error) {
      const error = ctx.dump(evaluated.error);
      evaluated.error.dispose();
      client.dispose();
      throw guestFailure(error);
    }
    const fn = evaluated.value;
    const called = ctx.callFunction(fn, ctx.undefined, client);
    fn.dispose();
    client.dispose();
    if (called.error) {
      const error = ctx.dump(called.error);
      called.error.dispose();
      throw guestFailure(error);
    }
    const promise = called.value;
    const native = ctx.resolvePromise(promise);
    promise.dispose();
    drain();
    const outcome = await Promise.race([native, stopped]);
    if (outcome.error) {
      const error = ctx.dump(outcome.error);
      outcome.error.dispose();
      throw guestFailure(error);
    }
    const stringify = ctx.unwrapResult(ctx.evalCode("(v) => v === undefined ? 'null' : JSON.stringify(v)"));
    const serialized = ctx.callFunction(stringify, ctx.undefined, outcome.value);
    stringify.dispose();
    outcome.value.dispose();
    if (serialized.error) {
      const error = ctx.dump(serialized.error);
      serialized.error.dispose();
      throw fail("error", `the code's return value is not JSON-serialisable (${error?.message ?? error})`);
    }
    const json = ctx.getString(serialized.value) ?? "null";
    serialized.value.dispose();
    if (json.length + logBytes > outputBytes)
      throw fail(
        "output",
        `the code returned ${json.length} bytes, over its output limit (${outputBytes} bytes with the logs): return less (pick fields, fewer items)`,
      );
    return { value: json === undefined ? null : JSON.parse(json), json, logs };
  } catch (error) {
    if (error instanceof SandboxError) {
      if (error.reason !== "error") halted ??= error;
      throw error;
    }
    // A QuickJS error surfaced by the engine itself (e.g. dumping an error object past the stack limit).
    const failure = guestFailure({
      name: error?.name,
      message: error instanceof Error ? error.message : String(error),
    });
    if (failure.reason !== "error") halted ??= failure;
    throw failure;
  } finally {
    clearTimeout(timer);
    closed = true;
    // A run stopped mid-flight (time, memory, output) can leave objects QuickJS would refuse to free:
    // leave that runtime to the garbage collector with its module, and load a fresh module next time.
    if (halted || deferreds.size) modulePromise = undefined;
    else {
      try {
        ctx.dispose();
        runtime.dispose();
      } catch {
        modulePromise = undefined;
      }
    }
  }
}
