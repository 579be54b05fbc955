// Starts the real Prism-backed mock(s) of this package's API on free ports for the test run.
import { mockGlobalSetup } from "@specforge/mock/vitest";

export default mockGlobalSetup(["middletwin"]);
