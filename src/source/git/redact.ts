/** Replaces the userinfo of every `scheme://userinfo@` in `text` (it may hold a password or a token). */
export function redactUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s?#]*@/gi, '$1***@');
}

/** The forms a secret may take in text git or a server prints: as is, percent-encoded, base64. */
export function secretVariants(secret: string): string[] {
  if (secret === '') return [];
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])];
}

/**
 * Text safe to log or put in an error: URL userinfo, `Authorization:` header values and every given
 * secret (and its encoded forms) are replaced with `***`.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = redactUserinfo(text).replace(/(authorization:\s*)[^\r\n'"]*/gi, '$1***');
  const variants = [...secrets].flatMap(secretVariants).sort((a, b) => b.length - a.length);
  for (const variant of variants) out = out.split(variant).join('***');
  return out;
}
