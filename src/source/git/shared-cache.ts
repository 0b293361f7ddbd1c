import { CheckoutStore } from './checkout-store.js';
import { KeyedLock } from '../../concurrency/keyed-lock.js';

/**
 * State every Git source of one process shares for one cache directory: the locks on its mirrors
 * and the holds on its checkouts. Two sources built on the same directory (say, one per app) then
 * never remove a checkout the other holds, nor fetch into the same mirror at once.
 */
export interface SharedCache {
  locks: KeyedLock;
  checkouts: CheckoutStore;
  users: number;
}

const caches = new Map<string, SharedCache>();

export function acquireSharedCache(realCacheDir: string, checkoutsDir: string, keepCheckouts = 0): SharedCache {
  let cache = caches.get(realCacheDir);
  if (!cache) {
    const locks = new KeyedLock();
    cache = { locks, checkouts: new CheckoutStore(checkoutsDir, locks, keepCheckouts), users: 0 };
    caches.set(realCacheDir, cache);
  }
  cache.users += 1;
  return cache;
}

/** Returns true when the caller was the last user (and the state is forgotten). */
export function releaseSharedCache(realCacheDir: string): boolean {
  const cache = caches.get(realCacheDir);
  if (!cache) return false;
  cache.users -= 1;
  if (cache.users > 0) return false;
  caches.delete(realCacheDir);
  return true;
}
