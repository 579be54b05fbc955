/** Runs `command` (argv) with Node `major` first on PATH, optionally in a fresh clone of HEAD; returns its exit status. */
export declare function runOnNode(
  major: number | string,
  command: string[],
  options?: { clone?: boolean; keepClone?: boolean },
): number;
