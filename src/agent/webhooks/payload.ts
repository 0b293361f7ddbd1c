import { WebhookPayloadError, type PushEvent } from './webhook.js';

/** Reading fields of an untrusted (though authenticated) JSON payload without trusting its shape. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `field`, or an error naming the field. */
export function objectAt(value: unknown, field: string): Json {
  if (!isObject(value)) throw new WebhookPayloadError(`payload ${field} is not an object`);
  return value;
}

export function optionalObject(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function requiredText(value: unknown, field: string): string {
  const s = text(value);
  if (s === undefined) throw new WebhookPayloadError(`payload ${field} is missing or not a string`);
  return s;
}

/** The distinct non-empty strings among the values, in order. */
export function distinctTexts(values: unknown[]): string[] {
  return [...new Set(values.map(text).filter((v): v is string => v !== undefined))];
}

/** `refs/heads/x` is branch x, `refs/tags/x` tag x; other refs (notes, merge requests) are neither. */
export function refTarget(ref: string): { branch: string } | { tag: string } | undefined {
  if (ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/') && ref.length > 'refs/tags/'.length) return { tag: ref.slice('refs/tags/'.length) };
  return undefined;
}

/** Git's all-zero object name, used for "no commit" (a created or deleted ref). */
export function isZeroSha(sha: string | undefined): boolean {
  return sha !== undefined && /^0+$/.test(sha);
}

/**
 * Files added, modified or removed across the commits, when the list is complete: at least one commit,
 * every commit listing its files, and the sender not having cut the list short. Otherwise undefined,
 * which means "unknown" (matching then assumes the app may be concerned).
 */
export function changedFilesOf(commits: unknown, complete: boolean): string[] | undefined {
  if (!complete || !Array.isArray(commits) || commits.length === 0) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    if (!isObject(commit)) return undefined;
    for (const key of ['added', 'modified', 'removed']) {
      const list = commit[key];
      if (!Array.isArray(list)) return undefined;
      for (const file of list) if (typeof file === 'string' && file.length > 0) files.add(file);
    }
  }
  return [...files];
}

/** A push event with its undefined fields left out; refuses one that names no repository. */
export function pushEvent(fields: PushEvent): PushEvent {
  if (fields.repoURLs.length === 0) throw new WebhookPayloadError('payload names no repository URL');
  const event = { ...fields } as Record<string, unknown>;
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
  return event as unknown as PushEvent;
}

/** `after` as a commit, and whether the push deleted the ref (an all-zero `after`). */
export function afterCommit(after: unknown, deleted = false): { after?: string; deleted?: true } {
  const sha = text(after);
  if (deleted || isZeroSha(sha)) return { deleted: true };
  return sha ? { after: sha } : {};
}
