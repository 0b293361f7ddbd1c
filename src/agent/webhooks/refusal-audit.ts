import type { Store } from '../../store/store.js';

/** One refused webhook request, as the audit summary counts it. */
export interface Refusal {
  provider: string;
  status: number;
  reason: string;
}

export interface RefusalAudit {
  /** Counts a refused request; the audit log gets a summary row at most once per window. */
  note(refusal: Refusal): Promise<void>;
  /** Writes what was counted since the last row, if anything (the agent stops). */
  flush(): Promise<void>;
}

/** Distinct reasons kept per summary row, with their counts (a forger controls the headers, so reasons vary). */
const MAX_REASONS = 10;

/**
 * Refused webhooks (bad signature, bad body, too large) are not audited one by one: anyone who can
 * reach the port, a web page in a browser on the host included, could add rows without end. The
 * first refusal after a quiet window is written at once (so a single forged request is visible);
 * the ones that follow within `windowMs` (default one minute) are counted and written as one row
 * when the window ends: `webhook.rejected` with `refused` (the count), per provider, per status,
 * the most frequent reasons, and the time span. Metrics count every request (tideway_webhooks_total).
 */
export function createRefusalAudit(store: Store, clock: () => Date, options: { windowMs?: number } = {}): RefusalAudit {
  const windowMs = options.windowMs ?? 60_000;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let counted: Refusal[] = [];
  let firstAt: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const write = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (counted.length === 0) return;
    const batch = counted;
    const from = firstAt;
    counted = [];
    firstAt = undefined;
    lastWrite = clock().getTime();
    await store.appendAudit({
      actor: 'webhook',
      action: 'webhook.rejected',
      detail: {
        refused: batch.length,
        providers: tally(batch.map((r) => r.provider)),
        statuses: tally(batch.map((r) => String(r.status))),
        reasons: Object.fromEntries(Object.entries(tally(batch.map((r) => r.reason.slice(0, 200)))).slice(0, MAX_REASONS)),
        from,
        to: clock().toISOString(),
      },
    });
  };

  return {
    async note(refusal) {
      const now = clock().getTime();
      counted.push(refusal);
      firstAt ??= new Date(now).toISOString();
      if (now - lastWrite >= windowMs) return write();
      timer ??= setTimeout(() => void write().catch(() => {}), lastWrite + windowMs - now);
      timer.unref?.();
    },
    flush: write,
  };
}

/** How often each value occurs, most frequent first. */
function tally(values: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
