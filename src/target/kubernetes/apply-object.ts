import type { Manifest } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { isSubset } from '../../core/diff/is-subset.js';
import { normalizeForDiff } from '../../core/diff/normalize.js';
import { toComparableYaml } from '../../core/diff/unified-diff.js';
import { healthOf } from '../../core/health/index.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
import type { ApplyOptions } from '../target.js';
import { DESIRED_HASH_ANNOTATION, withDesiredHash } from './desired-hash.js';
import type { ResourceInfo } from './resource-info.js';
import { statusMessage, statusReason, type RestClient } from './rest-client.js';
import { serverSideApply } from './server-side-apply.js';

export interface ApplyOutcome {
  entry: ChangeSetEntry;
  /** The object as the server holds it after the apply (or as it would, on a dry run). */
  live?: Manifest;
}

function failed(object: Manifest, reason: string, message: string): ApplyOutcome {
  const ref = refOf(object);
  return { entry: { ref, action: 'failed', reason, message: `${refString(ref)} ${message}` } };
}

function sameContent(a: Manifest, b: Manifest): boolean {
  return toComparableYaml(normalizeForDiff(a)) === toComparableYaml(normalizeForDiff(b));
}

/**
 * Applies one object, writing only when something would change:
 * - live object carries the hash of this desired object and every desired field matches: unchanged, no request;
 * - live object carries the hash of this desired object but differs: a server-side dry-run first, equal to live means unchanged, no write;
 * - else (new object, changed desired object, or drift the dry run confirmed) a real server-side apply: created (HTTP 201) or configured.
 */
export async function applyObject(
  client: RestClient,
  info: ResourceInfo,
  desired: Manifest,
  live: Manifest | undefined,
  options: ApplyOptions,
  hashed = withDesiredHash(desired),
): Promise<ApplyOutcome> {
  const ref = refOf(desired);
  const { body, hash } = hashed;
  if (live && live.metadata.annotations?.[DESIRED_HASH_ANNOTATION] === hash && isSubset(body, live)) {
    return { entry: { ref, action: 'unchanged', health: healthOf(live) }, live };
  }
  // A changed desired object (its hash differs from the one the live object carries) is applied
  // straight away: the new hash annotation alone makes it a write. The same desired object that no
  // longer matches live (drift, or fields the server normalises) is dry-run first, so a difference
  // the server would undo costs no write.
  const lastApplied = live?.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
  if (live && (lastApplied === hash || options.dryRun)) {
    const dry = await serverSideApply(client, info, body, { dryRun: true, force: options.force });
    if (dry.status >= 300) return failed(desired, statusReason(dry), `dry-run failed (${statusReason(dry)}): ${statusMessage(dry)}`);
    if (sameContent(dry.body, live)) return { entry: { ref, action: 'unchanged', health: healthOf(live) }, live };
    if (options.dryRun) return { entry: { ref, action: 'configured', health: healthOf(dry.body) }, live: dry.body };
  }
  const res = await serverSideApply(client, info, body, { dryRun: options.dryRun, force: options.force });
  if (res.status >= 300) return failed(desired, statusReason(res), `apply failed (${statusReason(res)}): ${statusMessage(res)}`);
  const action =
    res.status === 201
      ? 'created'
      : live && res.body.metadata?.resourceVersion === live.metadata.resourceVersion
        ? 'unchanged'
        : 'configured';
  return { entry: { ref, action, health: healthOf(res.body) }, live: res.body };
}
