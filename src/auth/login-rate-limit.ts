/**
 * Failed sign-ins counted per user name and per client address over a sliding window: past the limit,
 * sign-in is refused (429) for that user or address until the window has moved on, whatever the
 * password. A success clears the user's count (not the address's). Memory is bounded: the oldest
 * keys go first.
 */
export interface LoginRateLimitOptions {
  /** Failures allowed per user name in the window (default 5). */
  perUser?: number;
  /** Failures allowed per client address in the window (default 20). */
  perClient?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  now?: () => number;
  maxKeys?: number;
}

export interface LoginRateLimit {
  /** Undefined when a sign-in may be tried; else the seconds to wait. */
  blocked(user: string, client: string): number | undefined;
  failed(user: string, client: string): void;
  succeeded(user: string): void;
}

export function createLoginRateLimit(options: LoginRateLimitOptions = {}): LoginRateLimit {
  const perUser = options.perUser ?? 5;
  const perClient = options.perClient ?? 20;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const t = now();
    const list = (failures.get(key) ?? []).filter((at) => t - at < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  const wait = (list: number[], limit: number) =>
    list.length >= limit ? Math.max(1, Math.ceil((list[list.length - limit] + windowMs - now()) / 1000)) : undefined;
  const add = (key: string) => {
    const list = recent(key);
    list.push(now());
    failures.delete(key);
    failures.set(key, list);
    while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
  };

  return {
    blocked(user, client) {
      return wait(recent(`u:${user.toLowerCase()}`), perUser) ?? wait(recent(`c:${client}`), perClient);
    },
    failed(user, client) {
      add(`u:${user.toLowerCase()}`);
      add(`c:${client}`);
    },
    succeeded(user) {
      failures.delete(`u:${user.toLowerCase()}`);
    },
  };
}
