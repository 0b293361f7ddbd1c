import { ValidationError } from '../errors.js';
import { hasControlCharacter } from './field-checks.js';

/**
 * Normalises `spec.source.path` to a relative POSIX path without `.` segments, doubled or trailing
 * slashes (`./apps//web/` -> `apps/web`; the root is `.`). Refuses absolute paths, `..` segments,
 * backslashes and control characters: the path must stay inside the checkout.
 */
export function normalizeSourcePath(raw: string, field = 'spec.source.path'): string {
  if (hasControlCharacter(raw)) throw new ValidationError(field, 'must not contain control characters');
  if (raw.includes('\\')) throw new ValidationError(field, `${JSON.stringify(raw)} must use "/" as separator, not "\\"`);
  if (raw.startsWith('/')) throw new ValidationError(field, `${JSON.stringify(raw)} must be relative to the repository root, not absolute`);
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..'))
    throw new ValidationError(field, `${JSON.stringify(raw)} must not contain ".." (it must stay inside the repository)`);
  return segments.length ? segments.join('/') : '.';
}
