/**
 * CustomResourceDefinition health: names not accepted is Degraded; Established with a non-structural schema is
 * Degraded; Established is Healthy; anything else (no conditions yet, terminating) is Progressing.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isFalse, isTrue } from './conditions.js';

export function crdHealth(object: Manifest): HealthStatus {
  const names = findCondition(object, 'NamesAccepted');
  if (isFalse(names)) return { status: 'Degraded', message: `Names not accepted: ${describeCondition(names) ?? 'conflict'}` };
  const terminating = findCondition(object, 'Terminating');
  if (isTrue(terminating)) return { status: 'Progressing', message: `Being deleted: ${describeCondition(terminating) ?? 'terminating'}` };
  const established = findCondition(object, 'Established');
  if (isTrue(established)) {
    const nonStructural = findCondition(object, 'NonStructuralSchema');
    if (isTrue(nonStructural)) {
      return { status: 'Degraded', message: `Non-structural schema: ${describeCondition(nonStructural) ?? 'violations'}` };
    }
    return { status: 'Healthy', message: 'Established' };
  }
  return { status: 'Progressing', message: `Not established yet${established ? `: ${describeCondition(established)}` : ''}` };
}
