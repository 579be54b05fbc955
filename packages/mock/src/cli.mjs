#!/usr/bin/env node
// specforge-mock [api...]: starts the mocks (all APIs by default) until Ctrl-C.
import { startMocks } from "./index.mjs";

const apis = process.argv.slice(2).filter((a) => !a.startsWith("-"));
let running;
try {
  running = await startMocks({ apis });
} catch (error) {
  console.error(`mock: ${error.message}`);
  process.exit(1);
}
for (const m of running.mocks) console.log(`mock ${m.api.padEnd(14)} ${m.url}`);
console.log("Mocks running. Press Ctrl-C to stop.");
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
