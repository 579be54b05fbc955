/** The Node versions specforge supports and tests beside the machine's own, by major: the exact version. */
export declare const TESTED_NODE_VERSIONS: Readonly<Record<string, string>>;

/** The path of a Node binary of `major` (a key of TESTED_NODE_VERSIONS), installing it from npm on first use. */
export declare function nodeBinary(major: number | string): string;
