import type { Server } from "node:http";

export declare function resolveRequestPath(
  root: string,
  rawUrl: string | undefined,
): { file: string } | { file?: undefined; status: 400 | 404; message: string };
export declare function createStaticServer(root: string): Server;
