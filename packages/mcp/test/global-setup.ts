// Starts the real Prism-backed mocks of every API the server is tested on (servedApis: the installed
// client packages' manifests), on free ports, once for the run (midaxo brings its token endpoint).
// Tests read inject("mockUrls").
import { mockGlobalSetup } from "@specforge/mock/vitest";
import { servedApis } from "./helpers.js";

// Stateless: the calls are compared with the generated client's and the spec's example pages on
// one shared mock (a stateful one would give each create its own id, and list what was created).
export default mockGlobalSetup(
  servedApis.map((a) => a.name),
  { stateless: true },
);
