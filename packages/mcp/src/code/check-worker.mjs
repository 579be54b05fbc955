// The type checker's thread: TypeScript's checks are synchronous and take from tens of milliseconds
// to seconds on a busy machine, so they run here, off the server's event loop, which keeps
// answering other requests meanwhile. One warm checker (typecheck.mjs) per thread, one check at a time.
import { parentPort, workerData } from "node:worker_threads";
import { createTypeChecker } from "./typecheck.mjs";

let checker;
parentPort.on("message", ({ id, code }) => {
  try {
    checker ??= createTypeChecker(workerData);
    parentPort.postMessage({ id, ok: true, result: code === undefined ? checker.warm() : checker.check(code) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
