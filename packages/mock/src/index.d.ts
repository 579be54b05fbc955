export interface RunningMock {
  api: string;
  /** The mock's public URL (the router in front of Prism). */
  url: string;
  port: number;
  prismUrl: string;
  stop(): Promise<void>;
}
export declare class PortInUseError extends Error {
  port: number;
}
export declare function startMock(options: { api: string; port?: number; host?: string; repoRoot?: string }): Promise<RunningMock>;
export declare function startMocks(options?: {
  apis?: string[];
  host?: string;
  repoRoot?: string;
  env?: Record<string, string | undefined>;
  ports?: Record<string, number>;
}): Promise<{ mocks: RunningMock[]; stop(): Promise<void> }>;
export declare function startPrism(options: { spec: string; port?: number; host?: string; timeoutMs?: number }): Promise<{
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}>;
export declare function freePort(host?: string): Promise<number>;
/** Stops a detached child and its whole process group; resolves once it has exited. */
export declare function stopProcessGroup(child: import("node:child_process").ChildProcess, graceMs?: number): Promise<void>;
