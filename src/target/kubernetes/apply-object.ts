import type { Manifest } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { ignoredPaths, withLiveValues, withoutPaths, type FieldPath } from '../../core/diff/ignore-differences.js';
import { isSubset } from '../../core/diff/is-subset.js';
import { normalizeForDiff } from '../../core/diff/normalize.js';
import { toComparableYaml } from '../../core/diff/unified-diff.js';
import { healthOf } from '../../core/health/health-of.js';
import { decideAfterVerify, decideApply } from '../../core/sync/apply-decision.js';
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

function sameContent(a: Manifest, b: Manifest, ignored: readonly FieldPath[]): boolean {
  return toComparableYaml(normalizeForDiff(withoutPaths(a, ignored))) === toComparableYaml(normalizeForDiff(withoutPaths(b, ignored)));
}

/**
 * The body to apply and its hash when some of the object's fields are ignored (spec.ignoreDifferences):
 * the hash leaves them out (a live value that differs is no change of Git's), and with
 * RespectIgnoreDifferences the body carries their live values instead of Git's.
 */
function withIgnored(desired: Manifest, live: Manifest | undefined, options: ApplyOptions, ignored: readonly FieldPath[]) {
  const { hash } = withDesiredHash(withoutPaths(desired, ignored));
  const { body } = withDesiredHash(options.respectIgnoreDifferences ? withLiveValues(desired, live, ignored) : desired);
  body.metadata.annotations = { ...body.metadata.annotations, [DESIRED_HASH_ANNOTATION]: hash };
  return { body, hash };
}

/**
 * Applies one object, writing only when the apply decision (core/sync/apply-decision.ts) says so:
 * `unchanged` sends no request; `verify` sends a server-side dry run and writes only when its result
 * differs from live; `create` and `apply` send the server-side apply (a dry run on a dry run). The
 * outcome is created (HTTP 201), configured, or unchanged when the server changed nothing.
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
  const ignored = options.ignoreDifferences?.length ? ignoredPaths(desired, live, options.ignoreDifferences) : [];
  const { body, hash } = ignored.length > 0 ? withIgnored(desired, live, options, ignored) : hashed;
  const dryRun = !!options.dryRun;
  const liveHash = live?.metadata.annotations?.[DESIRED_HASH_ANNOTATION];
  const decision = decideApply({
    exists: live !== undefined,
    liveHash,
    desiredHash: hash,
    // Consulted only when the hashes match: the comparison is skipped for a changed object.
    desiredFieldsMatch: live !== undefined && liveHash === hash && isSubset(withoutPaths(body, ignored), live),
    dryRun,
  });
  if (decision === 'unchanged') return { entry: { ref, action: 'unchanged', health: healthOf(live!, options.healthTable) }, live };
  if (decision === 'verify') {
    const dry = await serverSideApply(client, info, body, { dryRun: true, force: options.force });
    if (dry.status >= 300) return failed(desired, statusReason(dry), `dry-run failed (${statusReason(dry)}): ${statusMessage(dry)}`);
    const next = decideAfterVerify({ wouldChange: !sameContent(dry.body, live!, ignored), dryRun });
    if (next === 'unchanged') return { entry: { ref, action: 'unchanged', health: healthOf(live!, options.healthTable) }, live };
    if (next === 'configured')
      return { entry: { ref, action: 'configured', health: healthOf(dry.body, options.healthTable) }, live: dry.body };
  }
  const res = await serverSideApply(client, info, body, { dryRun, force: options.force });
  if (res.status >= 300) return failed(desired, statusReason(res), `apply failed (${statusReason(res)}): ${statusMessage(res)}`);
  const action =
    res.status === 201
      ? 'created'
      : live && res.body.metadata?.resourceVersion === live.metadata.resourceVersion
        ? 'unchanged'
        : 'configured';
  return { entry: { ref, action, health: healthOf(res.body, options.healthTable) }, live: res.body };
}
