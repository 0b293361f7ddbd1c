import { SourceError } from '../../core/errors.js';

/** Where the remote's HEAD (its default branch) is recorded in a mirror. */
export const REMOTE_HEAD_REF = 'refs/tideway/remote-head';

const HEX = /^[0-9a-f]{4,64}$/i;

export function isFullSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

export function isShaLike(value: string): boolean {
  return HEX.test(value);
}

/**
 * Why `name` cannot be a branch, tag or commit (git's ref-name rules, plus no revision syntax such as
 * `main~1`, `:/text` or `@{-1}`), or undefined when it can. Names that pass are safe to hand to git.
 */
export function revisionNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > 255) return 'it is longer than 255 characters';
  if (name.startsWith('-')) return 'it starts with "-"';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return 'it contains "..", "@{" or "//"';
  if (name === '@' || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) {
    return 'it is "@", starts or ends with "/", or ends with "." or ".lock"';
  }
  if (name.split('/').some((part) => part.startsWith('.'))) return 'a component starts with "."';
  return undefined;
}

/**
 * The object names to try, in order, for a targetRevision: `HEAD` is the remote's default branch;
 * `refs/heads/x` and `refs/tags/x` are taken as written; otherwise a tag, then a branch (git's own
 * order), then a full or abbreviated commit SHA. Throws RevisionNotFound for a name no ref can have.
 */
export function revisionCandidates(name: string, repoURL: string): string[] {
  if (name === 'HEAD') return [`${REMOTE_HEAD_REF}^{commit}`];
  const problem = revisionNameProblem(name);
  if (problem) {
    throw new SourceError(
      'RevisionNotFound',
      `revision ${JSON.stringify(name)} of ${repoURL} is not a branch, tag or commit SHA: ${problem}`,
      { repoURL, revision: name },
    );
  }
  if (name.startsWith('refs/heads/') || name.startsWith('refs/tags/')) return [`${name}^{commit}`];
  const candidates = [`refs/tags/${name}^{commit}`, `refs/heads/${name}^{commit}`];
  if (isShaLike(name)) candidates.push(`${name.toLowerCase()}^{commit}`);
  return candidates;
}
