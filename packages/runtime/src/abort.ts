/** The reason a signal aborted with (a DOMException "AbortError" where the runtime gave none). */
export const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException("This operation was aborted", "AbortError");

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts (after
 * `cleanup`); without a signal, the promise itself. The promise goes on either way (e.g. a token
 * fetch that other callers share).
 */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal, cleanup?: () => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cleanup?.();
      reject(abortReason(signal));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    const settle =
      <V>(to: (value: V) => void) =>
      (value: V) => {
        signal.removeEventListener("abort", onAbort);
        to(value);
      };
    promise.then(settle(resolve), settle(reject));
  });
}
