// The sandbox worker: a thread that holds the QuickJS engine and runs one agent snippet at a time.
// Every host call the snippet makes is a message to the parent (sandbox.mjs), which runs it on the
// real client and answers with JSON; the worker holds no client, no credential and no network code.
// The parent terminates the thread when a run outlives its deadline, which stops even engine work
// QuickJS cannot interrupt (an allocation loop near the memory limit).
import { parentPort } from "node:worker_threads";
import { runInQuickJs, warmQuickJs } from "./quickjs.mjs";

let nextRequest = 0;
const waiting = new Map();

parentPort.on("message", async (message) => {
  if (message.type === "reply") {
    const pending = waiting.get(message.requestId);
    waiting.delete(message.requestId);
    if (message.ok) pending?.resolve(message.data);
    else pending?.reject(message.error);
    return;
  }
  if (message.type === "warm") {
    await warmQuickJs();
    parentPort.postMessage({ type: "warm" });
    return;
  }
  if (message.type !== "run") return;
  const request = (payload) =>
    new Promise((resolve, reject) => {
      const requestId = ++nextRequest;
      waiting.set(requestId, { resolve, reject });
      parentPort.postMessage({ type: "request", requestId, payload });
    });
  try {
    const { json, logs } = await runInQuickJs(message.js, { ...message.bridge, request }, message.limits);
    parentPort.postMessage({ type: "done", ok: true, json, logs });
  } catch (error) {
    parentPort.postMessage({
      type: "done",
      ok: false,
      reason: error.reason ?? "error",
      message: error.message,
      logs: error.logs ?? [],
    });
  }
});
