/** Runs the first ```js block of `<packageDir>/README.md` and returns what it logged and what the README says it prints. */
export declare function runReadmeExample(
  packageDir: string,
): Promise<{ printed: string; expected: string | undefined }>;
