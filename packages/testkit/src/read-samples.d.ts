export interface ReadSampleRequest {
  operationId: string;
  method: string;
  /** Path and query as the sample sends them, after the server's URL. */
  url: string;
  headers: Record<string, string>;
  /** The 3xx statuses of an operation that documents no 2xx answer: its success. */
  redirects?: number[];
}

/** Every docs sample of a read (GET or HEAD) of a docs view, as a request (its curl sample, parsed). */
export declare function readSampleRequests(
  docsView: object,
  parseCurl: (
    source: string,
    env: Record<string, string>,
  ) => { method: string; url: string; headers: Record<string, string> },
  server: string,
): ReadSampleRequest[];

/** A vitest file for an added provider's package: every read sample answers 2xx on its stateful mock, or says why not. */
export declare function readSamplesTest(options: {
  api: string;
  requests: ReadSampleRequest[];
  reasons?: Record<string, string>;
}): string;
