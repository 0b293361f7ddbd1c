/** Namespace health: Active is Healthy, Terminating is Progressing (with the reason deletion is stuck, if any). */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { conditionsOf, describeCondition, isTrue } from './conditions.js';
import { statusOf, str } from './status-fields.js';

export function namespaceHealth(object: Manifest): HealthStatus {
  const phase = str(statusOf(object).phase);
  if (phase === 'Terminating') {
    const blocking = conditionsOf(object).filter(isTrue).map(describeCondition).filter(Boolean);
    return { status: 'Progressing', message: ['Namespace is terminating', ...blocking].join('; ') };
  }
  if (phase === undefined || phase === 'Active') return { status: 'Healthy', message: 'Namespace is active' };
  return { status: 'Unknown', message: `Namespace phase is ${phase}` };
}
