// The browser every browser test drives (docs portal, ecosystem checks), found on any machine
// that has what `npm install` brought. Order: CHROMIUM_PATH; a system Chromium or Chrome; the
// Chromium shipped inside @sparticuz/chromium (Linux x64 only). See docs/decisions.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

/** Executable names looked up on PATH, then well-known install locations. */
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];
const SYSTEM_PATHS = [
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
];
/** Flags for a headless test browser that never talks to Google's services. */
const QUIET_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What the bundled build needs on a machine without a GPU stack or a setuid sandbox. */
const BUNDLED_ARGS = ["--no-zygote", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"];

export const HOW_TO_PROVIDE =
  "no browser found: set CHROMIUM_PATH to a Chromium or Chrome executable, or install one (e.g. `apt-get install chromium`); " +
  "the bundled @sparticuz/chromium only runs on Linux x64";

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function systemBrowser(env) {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return SYSTEM_PATHS.find(isExecutable);
}

/**
 * Where the browser comes from: `{ executablePath, args, source }`. Throws one line saying how to
 * provide a browser when none can be found (a browser test then fails with that reason).
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 */
export async function findBrowser({ env = process.env } = {}) {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`);
    return { executablePath: env.CHROMIUM_PATH, args: QUIET_ARGS, source: "CHROMIUM_PATH" };
  }
  const system = systemBrowser(env);
  if (system) return { executablePath: system, args: QUIET_ARGS, source: "system" };
  if (os.platform() === "linux" && os.arch() === "x64") {
    const { default: bundled } = await import("@sparticuz/chromium");
    // Unpacks the binary into the OS temp dir on first use (about 2 s), then reuses it.
    const executablePath = await bundled.executablePath();
    // Not the package's own args: they are made for one-page serverless runs (--single-process,
    // which breaks a second page) and turn web security off (which would hide CORS failures).
    return { executablePath, args: [...QUIET_ARGS, ...BUNDLED_ARGS], source: "@sparticuz/chromium" };
  }
  throw new Error(HOW_TO_PROVIDE);
}

/** Launches the browser `findBrowser` finds, headless. */
export async function launchBrowser(options = {}) {
  const found = await findBrowser(options);
  const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true });
  return Object.assign(browser, { source: found.source });
}
