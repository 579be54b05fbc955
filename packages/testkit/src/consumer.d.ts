/** The workspace's publishable packages (not `private`), by folder name. */
export declare function publishablePackages(): string[];

/**
 * Packs every publishable package and returns the project they are installed in (installing them
 * the first time this content is seen). Safe to call from several processes at once.
 */
export declare function installedPackages(options?: {
  timeoutMs?: number;
}): Promise<{ dir: string; tarballs: Record<string, string> }>;

/** A fresh project folder for one suite, using the shared installation: its package.json and a link to node_modules. */
export declare function consumerProject(into: string): Promise<{ dir: string; tarballs: Record<string, string> }>;
