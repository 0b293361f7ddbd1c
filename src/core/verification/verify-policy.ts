import type { SignatureCheck } from './signature-check.js';
import type { VerifyMode } from './verify-spec.js';

/** The checks a mode needs: the commit's signature (HEAD), the tag's (Tag), or both. */
export function objectsToCheck(mode: VerifyMode): Array<'commit' | 'tag'> {
  if (mode === 'HEAD') return ['commit'];
  if (mode === 'Tag') return ['tag'];
  return ['tag', 'commit'];
}

export type VerificationDecision = { ok: true; signers: string[] } | { ok: false; message: string; failing?: SignatureCheck };

/**
 * Whether a revision passes its app's verification: every object the mode names must have been
 * checked and found `valid`. `noTag` says the revision was not given as a tag (for the Tag modes).
 * Pure: the checks are made by the git layer; this only decides and words the refusal.
 */
export function decideVerification(
  mode: VerifyMode,
  commit: string,
  checks: readonly SignatureCheck[],
  noTag?: string,
): VerificationDecision {
  const signers: string[] = [];
  for (const object of objectsToCheck(mode)) {
    const check = checks.find((c) => c.object === object);
    if (!check) {
      const why = object === 'tag' ? (noTag ?? 'the revision is not a tag') : 'the commit was not checked';
      return { ok: false, message: `commit ${commit}: verify mode ${mode} needs a signed tag: ${why}` };
    }
    if (check.status !== 'valid') return { ok: false, message: describe(mode, commit, check), failing: check };
    if (check.signer) signers.push(check.signer);
  }
  return { ok: true, signers };
}

function describe(mode: VerifyMode, commit: string, check: SignatureCheck): string {
  const what = check.object === 'tag' ? `tag ${check.tagName ?? check.id} (of commit ${commit})` : `commit ${commit}`;
  const by = check.signer ? ` by ${check.format === 'ssh' ? 'SSH key' : 'OpenPGP key'} ${check.signer}` : '';
  switch (check.status) {
    case 'unsigned':
      return `${what} is not signed (verify mode ${mode})`;
    case 'untrusted':
      return `${what} is signed${by}, which is not one of the app's keys (verify mode ${mode})`;
    case 'bad':
      return `${what} has a signature${by} that does not verify${check.reason ? `: ${check.reason}` : ''} (verify mode ${mode})`;
    default:
      return `${what} has a signature Tideway cannot check${by}${check.reason ? `: ${check.reason}` : ''} (verify mode ${mode})`;
  }
}
