/**
 * The one place that decides what a secret looks like in text Tideway shows, stores or logs: the
 * userinfo of a URL (`https://bob:TOKEN@host/...`), token-like query parameters (`?access_token=...`,
 * `X-Amz-Signature=...`), `Authorization:` header values and `Bearer` tokens. Every boundary (store
 * writes, API answers, logs, errors, command-line output) runs text through `redactText`. Pure.
 */

/** What replaces a secret. */
export const REDACTED = '***';

/**
 * Query (and fragment) parameters that carry credentials, compared case-insensitively: OAuth and
 * forge tokens (GitHub, GitLab, Gitea), basic passwords, API keys, and signed-URL signatures and
 * credentials (AWS S3 SigV4, Google Cloud Storage, Azure SAS).
 */
export const SECRET_QUERY_PARAMETERS: readonly string[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'private_token',
  'job_token',
  'auth',
  'auth_token',
  'authorization',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'api_key',
  'apikey',
  'key',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'awsaccesskeyid',
];

const SECRET_PARAMETER = new Set(SECRET_QUERY_PARAMETERS);

/** `scheme://userinfo@`: the userinfo may hold a password or a token (`https://TOKEN@host` is common), so all of it goes. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s?#'"<>]*)@/gi;
/** `?name=value` or `&name=value` (also `;` and `#`), as far as the value goes. */
const QUERY_PARAMETER = /([?&;#])([A-Za-z0-9_.-]+)=([^&;#\s'"<>]*)/g;
/** An `Authorization:` value (a scheme and a credential); a placeholder such as `Bearer <token>` is kept. */
const AUTHORIZATION_HEADER = /(authorization\s*:\s*)(?!(?:[A-Za-z]+\s+)?<)(?:[A-Za-z]+\s+)?[A-Za-z0-9._~+/=-]{4,}[^\r\n'",}]*/gi;
/** A bearer token: 8 characters or more, so that prose ("bearer token") is kept. */
const BEARER = /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** A quick test before the regular expressions run: most text holds no URL and no header. */
const MAYBE_SECRET = /[@=]|authorization|bearer/i;

/**
 * `text` with every secret this module knows the shape of replaced by `***`, and every value of
 * `secrets` (as is, percent-encoded and base64-encoded) too. Idempotent; text without secrets is
 * returned as it is.
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  if (MAYBE_SECRET.test(out)) {
    out = out
      .replace(URL_USERINFO, (_, scheme: string, userinfo: string) =>
        userinfo === '' || userinfo === REDACTED ? `${scheme}${userinfo}@` : `${scheme}${REDACTED}@`,
      )
      .replace(QUERY_PARAMETER, (whole, sep: string, name: string, value: string) =>
        value !== '' && value !== REDACTED && SECRET_PARAMETER.has(name.toLowerCase()) ? `${sep}${name}=${REDACTED}` : whole,
      )
      .replace(AUTHORIZATION_HEADER, `$1${REDACTED}`)
      .replace(BEARER, `$1${REDACTED}`);
  }
  const variants = [...secrets].flatMap(secretVariants).sort((a, b) => b.length - a.length);
  for (const variant of variants) out = out.split(variant).join(REDACTED);
  return out;
}

/** Userinfo with a password before a host, without a scheme (`user:password@host/path`). */
const SCHEMELESS_USERINFO = /^[^@/\s:]*:[^/\s]*@/;

/**
 * A URL as it may be shown: `redactText` of it (userinfo and secret query parameters replaced), and
 * a `user:password@` written without a scheme. scp-like `git@host:path` is kept as it is.
 */
export function redactUrl(url: string): string {
  return redactText(url).replace(SCHEMELESS_USERINFO, `${REDACTED}@`);
}

/** Whether `text` holds something `redactText` would replace (without `secrets`). */
export function holdsSecret(text: string): boolean {
  return redactText(text) !== text;
}

/**
 * A JSON-like value with `redactText` applied to every string in it, keys kept; values that need no
 * change are returned as they are (the same objects), so a value without secrets costs one walk.
 */
export function redactStrings<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redactStrings(item, depth + 1);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return (copy ?? value) as T;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const next = redactStrings(item, depth + 1);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return (copy ?? value) as T;
}

/** The forms a secret may take in text that git or a server prints: as is, percent-encoded, base64. */
export function secretVariants(secret: string): string[] {
  if (secret === '') return [];
  return [...new Set([secret, encodeURIComponent(secret), base64(secret)])];
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
