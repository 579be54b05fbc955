export { createStaticServer, resolveRequestPath, serveStatic } from "./static-server.js";

/** A docs build that cannot start (a docs view is missing); its message says what to run. */
export declare class DocsError extends Error {
  name: "DocsError";
}

/**
 * Builds the portal of every API in `root`'s redocly.yaml (default: the repository above the
 * current folder) into `outDir` (default `<root>/docs/dist`): one Redoc page per API, then index.html.
 */
export declare function buildDocsPortal(options?: { root?: string; outDir?: string }): Promise<{
  /** The API pages written, by file name (index.html besides). */
  pages: string[];
  outDir: string;
  /** How long the Redoc pages took. */
  ms: number;
}>;
