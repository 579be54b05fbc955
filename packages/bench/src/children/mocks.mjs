// Runs the provider mocks (Prism behind the router, as `npm run mock` does) on free ports in
// their own process, so the load generator does not share an event loop with the router:
// `node mocks.mjs <api,api,...>`. Reports each mock's router URL, Prism URL and Prism's pid.
import fs from "node:fs/promises";
import { Session } from "node:inspector/promises";
import readline from "node:readline";
import { startMocks } from "@specforge/mock";
import { report } from "../util.mjs";

const apis = process.argv[2].split(",");
// `--stateless`: today's example answers, to compare the stateful mock with.
const stateless = process.argv.includes("--stateless");
// Exactly the APIs asked for (no companions: each is measured on its own), on free ports.
const { mocks, stop } = await startMocks({ apis, ports: 0, stateless });
report({
  pid: process.pid,
  mocks: mocks
    .filter((m) => apis.includes(m.api))
    .map((m) => ({ api: m.api, url: m.url, prismUrl: m.prismUrl, prismPid: m.prismPid })),
});
const shutdown = async () => {
  await stop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// On request (a line on stdin), CPU-profile this process (the routers) between two points:
// "profile-start", then "profile-stop <file>" writes the .cpuprofile to <file>.
let session;
const lines = readline.createInterface({ input: process.stdin });
// The parent holds stdin open: when it goes away (even without stopping us), stop too.
lines.on("close", shutdown);
lines.on("line", async (line) => {
  const [command, file] = line.trim().split(/\s+/);
  if (command === "profile-start") {
    session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  } else if (command === "profile-stop" && session) {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    session = undefined;
    await fs.writeFile(`${file}.tmp`, JSON.stringify(profile));
    await fs.rename(`${file}.tmp`, file);
  }
});
