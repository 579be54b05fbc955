import type { Browser } from "playwright-core";

export interface FoundBrowser {
  executablePath: string;
  args: string[];
  /** Where it came from: CHROMIUM_PATH, a system install, or the npm-shipped Chromium. */
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
}
export declare const HOW_TO_PROVIDE: string;
export declare function findBrowser(options?: { env?: Record<string, string | undefined> }): Promise<FoundBrowser>;
export declare function launchBrowser(options?: {
  env?: Record<string, string | undefined>;
}): Promise<Browser & { source: FoundBrowser["source"] }>;
