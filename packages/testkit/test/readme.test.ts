// The README's example, run as written (extracted from README.md, not copied).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runReadmeExample } from "@specforge/testkit/readme";
import { expect, it } from "vitest";

it("the README example prints what the README says it prints", async () => {
  const { printed, expected } = await runReadmeExample(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  expect(printed).toBe(expected);
});
