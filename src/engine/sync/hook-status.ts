import type { HealthCode } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf, type ObjectRef } from '../../core/model/object-ref.js';
import { readHook, type HookDeletePolicy } from '../../core/plan/hook.js';
import type { WavePhase } from '../../core/plan/plan-waves.js';
import type { HookRunStatus } from '../../core/sync/sync-event.js';
import type { SyncContext } from './sync-context.js';

/** A hook's run is over when its health is Healthy (succeeded) or Degraded (failed), judged by the target's table. */
export function hookRunStatus(health: HealthCode): HookRunStatus {
  if (health === 'Healthy') return 'Succeeded';
  if (health === 'Degraded') return 'Failed';
  return 'Running';
}

export function deletePoliciesOf(hook: Manifest): HookDeletePolicy[] {
  const reading = readHook(hook);
  return reading.kind === 'hook' ? reading.hook.deletePolicies : [];
}

/** Reports a hook's new state and records how its run ended on its entry (the sync's history keeps entries). */
export function reportHook(ctx: SyncContext, phase: WavePhase, ref: ObjectRef, status: HookRunStatus, message?: string): void {
  ctx.emit({ type: 'hook', phase, ref, status, ...(message !== undefined && { message }) });
  if (status !== 'Succeeded' && status !== 'Failed') return;
  const at = ctx.entries.findIndex((e) => e.hook === phase && refKey(e.ref) === refKey(ref));
  if (at >= 0) ctx.entries[at] = { ...ctx.entries[at], health: { status: status === 'Succeeded' ? 'Healthy' : 'Degraded', message } };
}

export const hookRefs = (hooks: readonly Manifest[]): ObjectRef[] => hooks.map(refOf);
