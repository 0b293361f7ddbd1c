import type { Manifest } from '../../core/model/manifest.js';
import { refString, type ObjectRef } from '../../core/model/object-ref.js';
import { isOwnedBy } from '../../core/inventory/ownership.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
import type { PruneOptions } from '../target.js';
import { resourcePath } from './discovery.js';
import type { ResourceInfo } from './resource-info.js';
import { statusMessage, statusReason, type RestClient } from './rest-client.js';

/**
 * Deletes one object that left Git, only when the live object carries `app`'s ownership mark. The
 * delete is conditional on the uid and resourceVersion just read, so a concurrent replacement by
 * someone else is never deleted.
 */
export async function pruneObject(
  client: RestClient,
  info: ResourceInfo | undefined,
  app: string,
  ref: ObjectRef,
  options: PruneOptions,
): Promise<ChangeSetEntry> {
  const name = refString(ref);
  if (!info) return { ref, action: 'pruned', message: `${name} already absent (kind no longer served)` };
  const path = resourcePath(info, ref.namespace, ref.name);
  const got = await client.request<Manifest>('GET', path);
  if (got.status === 404) return { ref, action: 'pruned', message: `${name} already absent` };
  if (got.status !== 200)
    return { ref, action: 'failed', reason: statusReason(got), message: `${name} prune failed: ${statusMessage(got)}` };
  if (!isOwnedBy(app, got.body)) {
    return { ref, action: 'skipped', reason: 'NotOwned', message: `${name} does not carry the ownership mark of ${app}; not deleted` };
  }
  const res = await client.request('DELETE', path, {
    query: { dryRun: options.dryRun ? 'All' : undefined },
    body: {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: options.propagationPolicy ?? 'Foreground',
      preconditions: { uid: got.body.metadata.uid, resourceVersion: got.body.metadata.resourceVersion },
    },
  });
  if (res.status === 404) return { ref, action: 'pruned', message: `${name} already absent` };
  if (res.status >= 300)
    return {
      ref,
      action: 'failed',
      reason: statusReason(res),
      message: `${name} prune failed (${statusReason(res)}): ${statusMessage(res)}`,
    };
  return { ref, action: 'pruned' };
}
