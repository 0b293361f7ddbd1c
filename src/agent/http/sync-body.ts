import { ValidationError } from '../../core/errors.js';

export interface SyncBody {
  /** Prune what left Git even when the app's policy does not. */
  prune?: boolean;
  /** Change nothing: answer with what a sync would change (200 with the diff). */
  dryRun?: boolean;
}

/** The optional body of `POST /api/v1/apps/:name/sync`: `{ "prune": true, "dryRun": true }`, both optional. */
export function parseSyncBody(text: string): SyncBody {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError('body', 'is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be a JSON object');
  const out: SyncBody = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'prune' && key !== 'dryRun')
      throw new ValidationError(`body.${key.slice(0, 40)}`, 'is not a known field (expected "prune" or "dryRun")');
    if (typeof value !== 'boolean') throw new ValidationError(`body.${key}`, 'must be true or false');
    out[key] = value;
  }
  return out;
}
