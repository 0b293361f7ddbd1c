import { redact } from '../source/git/redact.js';

/** Removes credentials from text meant for people: URL userinfo, Authorization values and bearer tokens. */
export function redactSecrets(text: string): string {
  return redact(text).replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***');
}
