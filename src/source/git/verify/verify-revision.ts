import type { SignatureCheck } from '../../../core/verification/signature-check.js';
import { VerificationFailed } from '../../../core/verification/verification-failed.js';
import { decideVerification, objectsToCheck } from '../../../core/verification/verify-policy.js';
import type { VerifySpec } from '../../../core/verification/verify-spec.js';
import type { Source, SourceObject, SourceSpec } from '../../source.js';
import { verifyGpgSignature } from './gpg-signature.js';
import { splitSignedCommit, splitSignedTag, tagTarget, type SignedObject } from './signed-object.js';
import { verifySshSignature } from './sshsig.js';
import { loadTrustedKeys, TrustedKeyError, type TrustedKeys } from './trusted-keys.js';

export interface VerifyRevisionInput {
  /** Reads raw objects from the app's repository (the git source's `readObjects`). */
  source: Pick<Source, 'readObjects'>;
  /** The app's source, with `targetRevision` the name the commit was resolved from (a tag for the Tag modes). */
  spec: SourceSpec;
  /** The resolved commit SHA. */
  commit: string;
  verify: VerifySpec;
  /** Keys already parsed; when absent they are read from `verify.keys` (files included). */
  keys?: TrustedKeys;
  /** Reads keys from a Secret (in-cluster only). */
  fromSecret?: (name: string) => Promise<{ gpg: string[]; ssh: string[] }>;
}

export interface VerifiedRevision {
  commit: string;
  /** Who signed what the mode checks (key fingerprints). */
  signers: string[];
  checks: SignatureCheck[];
}

/**
 * Checks that the revision about to be rendered is signed as the app's `spec.source.verify` demands:
 * the commit (`HEAD`), the annotated tag it was resolved from (`Tag`), or both (`TagAndHEAD`), each by
 * one of the app's OpenPGP or SSH keys, over the object's bytes as stored. Throws VerificationFailed,
 * naming the commit and the signer found; an unsigned or badly signed revision never gets further.
 */
export async function verifyRevision(input: VerifyRevisionInput): Promise<VerifiedRevision> {
  const { commit, verify } = input;
  const mode = verify.mode;
  const fail = (message: string, checks: SignatureCheck[] = [], signer?: string): never => {
    throw new VerificationFailed(message, { commit, mode, checks, signer });
  };
  if (!input.source.readObjects)
    fail(`commit ${commit}: the source cannot read signed objects, so verify mode ${mode} cannot be satisfied`);
  let keys = input.keys;
  if (!keys) {
    try {
      keys = await loadTrustedKeys(verify.keys, input.fromSecret);
    } catch (error) {
      if (error instanceof TrustedKeyError) fail(`commit ${commit}: ${error.message}`);
      throw error;
    }
  }
  if (keys!.gpg.length === 0 && keys!.ssh.length === 0) fail(`commit ${commit}: spec.source.verify has no keys to check signatures with`);

  const wanted = objectsToCheck(mode);
  const tagName = tagRefOf(input.spec.targetRevision);
  const names = [commit, ...(wanted.includes('tag') && tagName ? [tagName] : [])];
  const objects = await input.source.readObjects!(input.spec, names);
  const checks: SignatureCheck[] = [];
  let noTag: string | undefined;

  if (wanted.includes('commit')) {
    const object = objects[0];
    if (object?.type !== 'commit') fail(`commit ${commit} is not in the repository`);
    checks.push(await checkObject('commit', commit, splitSignedCommit(object!.raw), keys!));
  }
  if (wanted.includes('tag')) {
    const object: SourceObject | undefined = tagName ? objects[1] : undefined;
    if (!tagName) noTag = `the revision ${JSON.stringify(input.spec.targetRevision ?? 'HEAD')} is not a tag`;
    else if (!object) noTag = `there is no tag ${tagName.slice('refs/tags/'.length)}`;
    else if (object.type === 'commit')
      checks.push({
        object: 'tag',
        id: object.sha,
        tagName: short(tagName),
        status: 'unsigned',
        reason: 'a lightweight tag cannot be signed',
      });
    else if (object.type !== 'tag') noTag = `${tagName} is a ${object.type}`;
    else {
      const target = tagTarget(object.raw);
      if (target.type !== 'commit' || target.object !== commit)
        fail(
          `tag ${short(tagName)} points to ${target.type} ${target.object}, not to commit ${commit} (it moved while the revision was resolved)`,
        );
      const check = await checkObject('tag', object.sha, splitSignedTag(object.raw), keys!);
      checks.push({ ...check, tagName: short(tagName) });
    }
  }
  const decision = decideVerification(mode, commit, checks, noTag);
  if (!decision.ok) return fail(decision.message, checks, decision.failing?.signer);
  return { commit, signers: decision.signers, checks };
}

async function checkObject(object: 'commit' | 'tag', id: string, signed: SignedObject, keys: TrustedKeys): Promise<SignatureCheck> {
  if (!signed.signature) return { object, id, status: 'unsigned' };
  if (signed.kind === 'ssh') return { object, id, format: 'ssh', ...verifySshSignature(signed.signature, signed.payload, keys.ssh) };
  if (signed.kind === 'gpg')
    return { object, id, format: 'gpg', ...(await verifyGpgSignature(signed.signature, signed.payload, keys.gpg)) };
  return { object, id, status: 'unsupported', reason: 'X.509 (gpgsm) signatures are not supported' };
}

function tagRefOf(targetRevision: string | undefined): string | undefined {
  const name = targetRevision?.trim();
  if (!name || name === 'HEAD' || name.startsWith('refs/heads/')) return undefined;
  return name.startsWith('refs/tags/') ? name : `refs/tags/${name}`;
}

function short(ref: string): string {
  return ref.slice('refs/tags/'.length);
}
