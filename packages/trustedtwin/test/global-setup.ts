// Starts the real Prism-backed mock(s) of this package's API on free ports for the test run.
// Stateless: these tests check every operation's answer against the spec's own examples, and
// their files share this mock; test/stateful.test.ts starts its own stateful mock.
import { mockGlobalSetup } from "@specforge/mock/vitest";

export default mockGlobalSetup(["trustedtwin"], { stateless: true });
