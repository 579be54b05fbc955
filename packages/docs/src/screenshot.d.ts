/** Writes `out` (PNG): the top of `operationId`'s section in `<dir>/<api>.html`, taken offline; resolves to its absolute path. */
export declare function screenshotOperation(options: {
  dir: string;
  api: string;
  operationId: string;
  out: string;
}): Promise<string>;
