/**
 * Coalesces requests for a refresh (a fetch) so that:
 * - requests made before the work has started share it (one fetch for many concurrent resolves);
 * - a request made while the work is running waits for it and then shares the next run, so every
 *   caller sees a fetch that started after it asked (a webhook never gets a result older than its push);
 * - at most one run is active and one queued at any time.
 * `work` calls `started()` at the moment it begins talking to the remote.
 */
export function singleFlight(work: (started: () => void) => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  async function execute(self: { promise?: Promise<void> }, previous: Promise<void> | undefined): Promise<void> {
    if (previous) await previous.catch(() => {});
    await null; // callers in this same tick join this run
    let begun = false;
    const started = () => {
      if (begun) return;
      begun = true;
      if (queued === self.promise) queued = undefined;
      running = self.promise;
    };
    try {
      await work(started);
    } finally {
      started();
      if (running === self.promise) running = undefined;
    }
  }

  return function request(): Promise<void> {
    if (queued) return queued;
    const self: { promise?: Promise<void> } = {};
    self.promise = execute(self, running);
    queued = self.promise;
    return self.promise;
  };
}
