/**
 * Refused webhook requests, per client address, as token buckets: each refusal takes a token,
 * tokens come back at `perMinute` a minute up to `burst`. An address without tokens is answered 429
 * before its body is read or verified, until a token is back: forging requests costs the agent
 * almost nothing, and other addresses (the forges' own) are not affected. Only refusals count, so
 * a sender whose requests verify is never limited.
 */
export interface RefusalLimiter {
  /** Whether requests from `key` are refused without being read (429). */
  limited(key: string): boolean;
  /** Counts one refused request from `key`. */
  charge(key: string): void;
  /** Seconds until `key` has a token again (for Retry-After). */
  retryAfterSeconds(key: string): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Addresses remembered at most; the oldest are forgotten first (a full bucket is the default anyway). */
const MAX_KEYS = 10_000;

export function createRefusalLimiter(options: { burst?: number; perMinute?: number; now?: () => number } = {}): RefusalLimiter {
  const burst = options.burst ?? 30;
  const perMs = (options.perMinute ?? 30) / 60_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const current = (key: string): Bucket => {
    const t = now();
    const bucket = buckets.get(key);
    if (!bucket) return { tokens: burst, at: t };
    return { tokens: Math.min(burst, bucket.tokens + (t - bucket.at) * perMs), at: t };
  };

  return {
    limited: (key) => current(key).tokens < 1,
    charge(key) {
      const bucket = current(key);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_KEYS) buckets.delete(buckets.keys().next().value as string);
    },
    retryAfterSeconds(key) {
      const missing = 1 - current(key).tokens;
      return missing <= 0 ? 0 : Math.ceil(missing / perMs / 1000);
    },
  };
}
