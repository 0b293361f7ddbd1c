/**
 * Where a sync decides to write an object or leave it alone: one rule for every target.
 *
 * The facts come from the target: whether the object exists, the desired hash the live object
 * carries (the hash of what Tideway last applied to it), the hash of the desired object now, and
 * whether every field the desired object sets has that value live.
 *
 * - No live object: `create`.
 * - The live object carries this desired object's hash and every desired field matches: `unchanged`,
 *   and no request at all.
 * - It carries this hash but a field differs (drift, or a value the target normalises): `verify`.
 *   The target works out what applying would give (Kubernetes: a server-side dry run) and writes only
 *   when that differs from live: a difference the target would undo costs no write.
 * - Otherwise (the desired object changed, or Tideway never applied it): `apply`; the new hash alone
 *   makes it a write.
 * On a dry run, an existing object is always verified, so that the report says `configured` only for
 * an object that would really change.
 */
export type ApplyDecision = 'create' | 'unchanged' | 'verify' | 'apply';

export interface ApplyFacts {
  /** The object exists in the target. */
  exists: boolean;
  /** The desired hash the live object carries, if any. */
  liveHash?: string;
  /** The hash of the desired object now. */
  desiredHash: string;
  /** Every field the desired object sets has the same value live. */
  desiredFieldsMatch: boolean;
  dryRun: boolean;
}

export function decideApply(facts: ApplyFacts): ApplyDecision {
  if (!facts.exists) return 'create';
  const sameDesired = facts.liveHash === facts.desiredHash;
  if (sameDesired && facts.desiredFieldsMatch) return 'unchanged';
  if (sameDesired || facts.dryRun) return 'verify';
  return 'apply';
}

/**
 * After a `verify`: nothing to do when applying would leave the object as it is; on a dry run, report
 * the object as one that would be configured; otherwise apply it.
 */
export function decideAfterVerify(facts: { wouldChange: boolean; dryRun: boolean }): 'unchanged' | 'configured' | 'apply' {
  if (!facts.wouldChange) return 'unchanged';
  return facts.dryRun ? 'configured' : 'apply';
}
