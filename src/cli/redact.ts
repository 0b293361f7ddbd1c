/** Removes credentials from text meant for people: URL userinfo and bearer tokens. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***');
}
