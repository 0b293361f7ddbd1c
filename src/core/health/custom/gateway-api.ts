/**
 * Gateway API (gateway.networking.k8s.io), from the specification's conditions:
 * - Gateway: conditions written for an older generation, or none yet: Progressing. `Accepted` or
 *   `ResolvedRefs` False Degraded (reason Pending: Progressing); `Programmed` not True Progressing
 *   (False with reason Invalid: Degraded); then each listener likewise, named in the message;
 *   otherwise Healthy.
 * - GatewayClass: `Accepted` True Healthy; False Degraded (reason Pending: Progressing); none yet
 *   Progressing.
 * - HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute: judged per parent in `status.parents`
 *   (one entry per Gateway the route attaches to), skipping entries written for an older
 *   generation: a parent with `ResolvedRefs` or `Accepted` False Degraded, naming the parent; a
 *   parent still `Programmed` False Progressing; at least one current parent and none failing
 *   Healthy; none yet Progressing.
 * - BackendTLSPolicy: per ancestor in `status.ancestors`, the same way, except that an ancestor
 *   entry written for an older generation makes it Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { conditionsOf, type Condition } from '../conditions.js';
import { generationOf, list, record, statusOf, str } from '../status-fields.js';

const GROUP = 'gateway.networking.k8s.io';

function readConditions(value: unknown): Condition[] {
  return conditionsOf({ apiVersion: '', kind: '', metadata: { name: '' }, status: { conditions: value } });
}

function stale(object: Manifest, conditions: Condition[]): boolean {
  const generation = generationOf(object);
  return generation !== undefined && conditions.some((c) => c.observedGeneration !== undefined && c.observedGeneration < generation);
}

/** The verdict of one set of conditions (a Gateway's, a listener's, a route parent's); undefined when all is well. */
function judge(conditions: Condition[], what: string): HealthStatus | undefined {
  const prefix = what ? `${what}: ` : '';
  for (const type of ['ResolvedRefs', 'Accepted']) {
    const c = conditions.find((x) => x.type === type);
    if (c?.status !== 'False') continue;
    const message = `${prefix}${c.message || c.reason || `${type} is False`}`;
    return { status: c.reason === 'Pending' ? 'Progressing' : 'Degraded', message };
  }
  const programmed = conditions.find((x) => x.type === 'Programmed');
  if (programmed && programmed.status !== 'True') {
    const message = `${prefix}${programmed.message || programmed.reason || 'still being programmed'}`;
    return { status: programmed.status === 'False' && programmed.reason === 'Invalid' ? 'Degraded' : 'Progressing', message };
  }
  const accepted = conditions.find((x) => x.type === 'Accepted');
  if (accepted && accepted.status !== 'True')
    return { status: 'Progressing', message: `${prefix}${accepted.message || 'waiting to be accepted'}` };
  return undefined;
}

export function gatewayHealth(object: Manifest): HealthStatus {
  const conditions = conditionsOf(object);
  if (conditions.length === 0) return { status: 'Progressing', message: 'Waiting for Gateway status' };
  if (stale(object, conditions)) return { status: 'Progressing', message: 'Waiting for the controller to observe the latest Gateway spec' };
  const own = judge(conditions, '');
  if (own) return own;
  for (const item of list(statusOf(object).listeners)) {
    const listener = record(item);
    const verdict = judge(readConditions(listener?.conditions), `Listener ${str(listener?.name) ?? ''}`.trim());
    if (verdict) return verdict;
  }
  return { status: 'Healthy', message: 'Gateway is accepted and programmed' };
}

export function gatewayClassHealth(object: Manifest): HealthStatus {
  const conditions = conditionsOf(object);
  if (stale(object, conditions))
    return { status: 'Progressing', message: 'Waiting for the controller to observe the latest GatewayClass spec' };
  const accepted = conditions.find((c) => c.type === 'Accepted');
  if (accepted?.status === 'True') return { status: 'Healthy', message: accepted.message || 'Accepted' };
  if (accepted?.status === 'False' && accepted.reason !== 'Pending') {
    return { status: 'Degraded', message: accepted.message || accepted.reason || 'Not accepted' };
  }
  return { status: 'Progressing', message: accepted?.message || 'Waiting for a controller to accept the GatewayClass' };
}

function byParents(field: 'parents' | 'ancestors', noun: string) {
  return (object: Manifest): HealthStatus => {
    let current = 0;
    for (const item of list(statusOf(object)[field])) {
      const entry = record(item);
      const conditions = readConditions(entry?.conditions);
      if (conditions.length === 0) continue;
      if (stale(object, conditions)) {
        // a route's parent may be left from an older attachment; a policy applies to every ancestor
        if (field === 'ancestors') return { status: 'Progressing', message: `Waiting for every ${noun} to observe the latest spec` };
        continue;
      }
      current++;
      const ref = record(entry?.parentRef) ?? record(entry?.ancestorRef);
      const verdict = judge(conditions, `Parent ${str(ref?.name) ?? ''}`.trim());
      if (verdict) return verdict;
    }
    if (current > 0) return { status: 'Healthy', message: `${object.kind} is accepted by ${current} ${noun}${current > 1 ? 's' : ''}` };
    return { status: 'Progressing', message: `Waiting for ${object.kind} status` };
  };
}

const routeHealth = byParents('parents', 'parent');

export const gatewayApiHealthChecks: HealthCheckEntry[] = [
  { group: GROUP, kind: 'Gateway', check: gatewayHealth },
  { group: GROUP, kind: 'GatewayClass', check: gatewayClassHealth },
  ...['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'].map((kind) => ({ group: GROUP, kind, check: routeHealth })),
  { group: GROUP, kind: 'BackendTLSPolicy', check: byParents('ancestors', 'ancestor') },
];
