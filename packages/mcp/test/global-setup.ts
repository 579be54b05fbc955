// Starts the real Prism-backed mocks of every API the server is tested on, on free ports, once
// for the run (midaxo brings its token endpoint). Tests read inject("mockUrls").
import { mockGlobalSetup } from "@specforge/mock/vitest";

// Stateless: the calls are compared with the generated client's and the spec's example pages on
// one shared mock (a stateful one would give each create its own id, and list what was created).
export default mockGlobalSetup(["trustedtwin", "middletwin", "midaxo"], { stateless: true });
