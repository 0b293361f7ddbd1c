/** One run of the work: its outcome, and who wants to hear when it starts. */
interface Run {
  promise?: Promise<void>;
  listeners: Array<() => void>;
}

/**
 * Coalesces requests for a refresh (a fetch) so that:
 * - requests made before the work has started share it (one fetch for many concurrent resolves);
 * - a request made while the work is running waits for it and then shares the next run, so every
 *   caller sees a fetch that started after it asked (a webhook never gets a result older than its push);
 * - at most one run is active and one queued at any time.
 * `work` calls `started()` at the moment it begins talking to the remote; a caller may pass
 * `onStarted` to hear of that moment for the run it shares (or when that run ends without starting).
 */
export function singleFlight(work: (started: () => void) => Promise<void>): (onStarted?: () => void) => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Run | undefined;

  async function execute(self: Run, previous: Promise<void> | undefined): Promise<void> {
    if (previous) await previous.catch(() => {});
    await null; // callers in this same tick join this run
    let begun = false;
    const started = () => {
      if (begun) return;
      begun = true;
      if (queued === self) queued = undefined;
      running = self.promise;
      for (const listener of self.listeners.splice(0)) {
        try {
          listener();
        } catch {
          // A listener's failure is its caller's business, never the run's.
        }
      }
    };
    try {
      await work(started);
    } finally {
      started();
      if (running === self.promise) running = undefined;
    }
  }

  return function request(onStarted?: () => void): Promise<void> {
    const run = queued ?? { listeners: [] };
    if (onStarted) run.listeners.push(onStarted);
    if (run === queued) return run.promise!;
    run.promise = execute(run, running);
    queued = run;
    return run.promise;
  };
}
