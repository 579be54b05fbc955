// Starts the real Prism-backed mock of this package's API on a free port for the test run.
import { mockGlobalSetup } from "@specforge/mock/vitest";

export default mockGlobalSetup(["provider-name"]);
