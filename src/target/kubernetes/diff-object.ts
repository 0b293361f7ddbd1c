import type { Manifest } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { ignoredPaths, withoutPaths, type IgnoreDifferenceRule } from '../../core/diff/ignore-differences.js';
import { maskSecretPair } from '../../core/diff/mask-secrets.js';
import type { SensitiveValues } from '../../core/secrets/sensitive-values.js';
import { normalizeForDiff } from '../../core/diff/normalize.js';
import { unifiedDiff } from '../../core/diff/unified-diff.js';
import type { DiffEntry } from '../../core/sync/change-set.js';
import { DESIRED_HASH_ANNOTATION, withDesiredHash } from './desired-hash.js';
import { resourcePath } from './discovery.js';
import type { ResourceInfo } from './resource-info.js';
import { statusMessage, statusReason, type RestClient } from './rest-client.js';
import { serverSideApply } from './server-side-apply.js';

/**
 * Whether one object is in sync, decided by a server-side dry-run apply (so defaults and admission
 * count), both sides normalized, shown as a unified YAML diff with Secret values masked.
 */
export async function diffObject(
  client: RestClient,
  info: ResourceInfo,
  desired: Manifest,
  options: { force?: boolean; sensitive?: SensitiveValues; ignoreDifferences?: readonly IgnoreDifferenceRule[] } = {},
): Promise<DiffEntry> {
  const ref = refOf(desired);
  const name = refString(ref);
  const got = await client.request<Manifest>('GET', resourcePath(info, desired.metadata.namespace, desired.metadata.name));
  const live = got.status === 200 ? got.body : undefined;
  if (!live && got.status !== 404) {
    return { ref, change: 'error', diff: '', reason: statusReason(got), message: `${name}: ${statusMessage(got)}` };
  }
  const dry = await serverSideApply(client, info, withDesiredHash(desired).body, { dryRun: true, force: options.force });
  if (dry.status >= 300) {
    return {
      ref,
      change: 'error',
      diff: '',
      reason: statusReason(dry),
      message: `${name} dry-run failed (${statusReason(dry)}): ${statusMessage(dry)}`,
    };
  }
  // Ignored fields (spec.ignoreDifferences) are left out of both sides.
  const ignored = options.ignoreDifferences?.length ? ignoredPaths(desired, live, options.ignoreDifferences) : [];
  const [a, b] = maskSecretPair(
    live && normalizeForDiff(withoutPaths(live, ignored), [DESIRED_HASH_ANNOTATION]),
    normalizeForDiff(withoutPaths(dry.body, ignored), [DESIRED_HASH_ANNOTATION]),
    options.sensitive,
  );
  const text = unifiedDiff(name, a, b);
  return { ref, change: !live ? 'create' : text ? 'update' : 'none', diff: text };
}

/** An object that does not exist yet and cannot be dry-run (its namespace is created by the sync): the whole object, masked. */
export function newObjectDiff(desired: Manifest, sensitive?: SensitiveValues): DiffEntry {
  const ref = refOf(desired);
  const [, shown] = maskSecretPair(undefined, normalizeForDiff(desired, [DESIRED_HASH_ANNOTATION]), sensitive);
  return { ref, change: 'create', diff: unifiedDiff(refString(ref), undefined, shown) };
}
