// Starts the real Prism-backed mocks of every API the server is tested on, on free ports, once
// for the run (midaxo brings its token endpoint). Tests read inject("mockUrls").
import { mockGlobalSetup } from "@specforge/mock/vitest";

export default mockGlobalSetup(["trustedtwin", "middletwin", "midaxo"]);
