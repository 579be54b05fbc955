import type { Server } from "node:http";

export declare function resolveRequestPath(
  root: string,
  rawUrl: string | undefined,
): { file: string } | { file?: undefined; status: 400 | 404; message: string };
export declare function createStaticServer(root: string): Server;
/** Serves `root` on `host:port` (default host 127.0.0.1); a port in use rejects with a message naming `portEnv`. */
export declare function serveStatic(
  root: string,
  options: { port: number; host?: string; portEnv?: string },
): Promise<Server>;
