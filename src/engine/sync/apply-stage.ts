import { refString } from '../../core/model/object-ref.js';
import type { Stage } from '../../core/plan/stages.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
import { crdScopes } from '../../core/plan/crd-scopes.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';

/** Applies one stage of the plan through the target, and records each object's outcome. */
export async function applyStage(ctx: SyncContext, stage: Stage): Promise<void> {
  ctx.emit({ type: 'step', step: stage.name, objects: stage.objects.length });
  let result = await ctx.deps.target.apply(ctx.id, stage.objects, ctx.applyOptions);
  if (ctx.applyOptions.dryRun) {
    const defined = crdScopes(ctx.desired);
    result = result.map((entry) => deferredByDryRun(entry, defined));
  }
  recordOutcomes(ctx, result);
}

/** On a dry run a CRD is not created, so its custom resources cannot be checked yet: skipped, not failed. */
function deferredByDryRun(entry: ChangeSetEntry, definedKinds: Map<string, unknown>): ChangeSetEntry {
  if (entry.action === 'failed' && entry.reason === 'UnknownKind' && definedKinds.has(`${entry.ref.group}/${entry.ref.kind}`)) {
    return {
      ...entry,
      action: 'skipped',
      reason: 'DefinitionPending',
      message: `${refString(entry.ref)}: its CustomResourceDefinition is created by this sync`,
    };
  }
  return entry;
}
