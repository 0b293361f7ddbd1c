/** Calls finished between two turns of the event loop, at most: work that needs no I/O (a no-op sync's comparisons) does not hold the loop. */
const CALLS_PER_TURN = 64;

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep input order. Calls
 * that finish without waiting on I/O would all run in one turn of the event loop, so every
 * CALLS_PER_TURN calls the workers pause together until the next turn, letting timers and I/O (an
 * agent's webhooks and API) in.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let finished = 0;
  let pause: Promise<void> | undefined;
  async function worker() {
    while (next < items.length) {
      if (pause) await pause;
      if (next >= items.length) break;
      const i = next++;
      results[i] = await fn(items[i], i);
      if (++finished % CALLS_PER_TURN === 0 && !pause) {
        pause = new Promise((resolve) =>
          setImmediate(() => {
            pause = undefined;
            resolve();
          }),
        );
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
