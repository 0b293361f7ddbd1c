import { AsyncLocalStorage } from 'node:async_hooks';
import { TidewayError } from '../../core/errors.js';

/** Why writes must not leave now (e.g. the shard's Lease is no longer held), or undefined when they may. */
export type WriteFence = () => string | undefined;

/**
 * The fence of the work running now, carried through its awaits. Hooks are enabled on the first
 * `withWriteFence` only: an agent that never fences (no `--shards`) pays nothing for it.
 */
const current = new AsyncLocalStorage<WriteFence>();

/** Runs `fn` (and everything it starts) under `fence`: each write it sends to a cluster asks the fence first. */
export function withWriteFence<T>(fence: WriteFence, fn: () => T): T {
  return current.run(fence, fn);
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Throws instead of sending a write the current fence refuses. Called right before the request is
 * handed to the transport, with no await between: a process frozen mid-work (a stop-the-world
 * pause, a suspended VM) that wakes after its Lease passed to another replica finds the fence
 * closed at its next write, even before its renew-deadline timer had a turn to abort the work.
 */
export function checkWriteFence(method: string, where: string): void {
  if (!WRITES.has(method)) return;
  const why = current.getStore()?.();
  if (why) throw new TidewayError('Fenced', `${method} ${where} not sent: ${why}`);
}
