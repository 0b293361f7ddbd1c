/**
 * Health vocabulary, shared by the API, the UI, the CLI and the store.
 * Ordered from best to worst for aggregation: the app's health is the worst of its objects.
 */
export type HealthCode = 'Healthy' | 'Suspended' | 'Progressing' | 'Unknown' | 'Missing' | 'Degraded';

export interface HealthStatus {
  status: HealthCode;
  message?: string;
}

const severity: Record<HealthCode, number> = {
  Healthy: 0,
  Suspended: 1,
  Progressing: 2,
  Unknown: 3,
  Missing: 4,
  Degraded: 5,
};

export function worseOf(a: HealthCode, b: HealthCode): HealthCode {
  return severity[a] >= severity[b] ? a : b;
}

/** The worst status of the given ones; Healthy for none. */
export function aggregateHealth(statuses: Iterable<HealthCode>): HealthCode {
  let worst: HealthCode = 'Healthy';
  for (const s of statuses) worst = worseOf(worst, s);
  return worst;
}
