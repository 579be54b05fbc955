// The CLI's state flags, as a user runs them: --seed serves the fixtures, POST /__specforge/reset
// goes back to them, --stateless answers examples; a bad seed fails with one line.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "serve", "cli.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "specforge-state-cli-"));
const seedFile = path.join(dir, "fixtures.json");
fs.writeFileSync(
  seedFile,
  JSON.stringify({ middletwin: { member: [{ id: "9001", fname: "Fix", lname: "Ture", email: "fix@example.org" }] } }),
);

// Runs inside `specforge-mock ... -- node -e <probe>`: creates a member, reads the fixture and the
// new member, resets, reads the new member again; prints what it saw.
const probe = `
const url = process.env.MIDDLETWIN_MOCK_URL + "/dart/core";
const call = (body) => fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-apikey": "pk", "x-secretkey": "sk" }, body: JSON.stringify(body) }).then((r) => r.json());
const created = await call({ action: "create_member", fname: "New", lname: "Member", email: "new@example.org" });
const fixture = await call({ action: "get_member", id: "9001" });
const before = await call({ action: "get_member", id: created.id });
await fetch(process.env.MIDDLETWIN_MOCK_URL + "/__specforge/reset", { method: "POST" });
const after = await call({ action: "get_member", id: created.id });
console.log(JSON.stringify({ fixture: fixture.member?.fname ?? fixture.success, before: before.member?.fname ?? before.success, after: after.member?.fname ?? after.success }));
`;

const env = { ...process.env, MIDDLETWIN_MOCK_PORT: "0" };

describe("specforge-mock state flags", () => {
  it("--seed serves the fixtures next to what a client creates; reset forgets the created", {
    timeout: 120_000,
  }, async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, "--seed", seedFile, "middletwin", "--", process.execPath, "--input-type=module", "-e", probe],
      { env },
    );
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ fixture: "Fix", before: "New", after: false });
  });

  it("--stateless answers every read with the example", { timeout: 120_000 }, async () => {
    const { stdout } = await run(
      process.execPath,
      [cli, "--stateless", "middletwin", "--", process.execPath, "--input-type=module", "-e", probe],
      { env },
    );
    const seen = JSON.parse(stdout.trim().split("\n").at(-1)!);
    // A member's name each time (a failed call prints its success flag, and three failures would compare equal)...
    expect(seen.before).toEqual(expect.any(String));
    expect(seen.before).not.toBe("New"); // ...and not the one created: the example member, whatever was sent
    expect(seen.before).toBe(seen.after);
    expect(seen.fixture).toBe(seen.before);
  });

  it("a seed naming no started API or an unknown resource fails at start with one line", {
    timeout: 60_000,
  }, async () => {
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ middletwin: { members: [] } }));
    const failure = await run(process.execPath, [cli, "--seed", bad, "middletwin"], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr.trim()).toMatch(
      /^mock: mock "middletwin": seed: unknown resource "members"; this mock's resources are .*member/,
    );
  });
});
