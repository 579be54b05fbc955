// The browser bundle's entry: every scenario, callable from the page as `runScenario(name, urls)`.
import { scenarios, type ClientName, type MockUrls } from "../scenarios/index.js";

(globalThis as { runScenario?: unknown }).runScenario = (name: ClientName, urls: MockUrls) => scenarios[name](urls);
