// The browser bundle's entry: every scenario, callable from the page as `runScenario(name, urls)`.
import { scenarios } from "../scenarios/all.js";

(globalThis as { runScenario?: unknown }).runScenario = (name: string, urls: Record<string, string>) =>
  scenarios[name]!(urls);
