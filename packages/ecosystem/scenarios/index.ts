// Every client's scenario by name: what each runtime's harness runs.
import { midaxo } from "./midaxo.js";
import { middletwin } from "./middletwin.js";
import { trustedtwin } from "./trustedtwin.js";
export type { MockUrls } from "./types.js";

export const scenarios = { trustedtwin, middletwin, midaxo };
export type ClientName = keyof typeof scenarios;
