import { RenderError } from '../../../core/errors.js';

/** Credentials for a chart repository or registry; read from the environment or files, never logged. */
export interface RepoCredentials {
  username?: string;
  password?: string;
  /** A bearer token sent as is (a Helm repository behind a token, a registry's identity token). */
  token?: string;
}

export interface HttpLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { timeoutMs: 30_000, maxBytes: 100 * 1024 * 1024 };

/** `user:pass` or a token as an Authorization header value. */
export function authorization(creds: RepoCredentials | undefined): string | undefined {
  if (!creds) return undefined;
  if (creds.token) return `Bearer ${creds.token}`;
  if (creds.username !== undefined || creds.password !== undefined)
    return `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`).toString('base64')}`;
  return undefined;
}

/** The URL without user info or query, for messages (a token in a query string must not be printed). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * GET with a timeout and a size bound (the body is read in chunks and refused past `maxBytes`), no
 * redirect to another scheme than http(s). Errors name the URL without credentials.
 */
export async function httpGet(
  url: string,
  headers: Record<string, string>,
  limits: HttpLimits = DEFAULT_HTTP_LIMITS,
): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (cause) {
      const why = controller.signal.aborted ? `timed out after ${limits.timeoutMs} ms` : (cause as Error).message;
      throw new RenderError(`GET ${displayUrl(url)}: ${why}`, { code: controller.signal.aborted ? 'Timeout' : 'SourceUnavailable', cause });
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > limits.maxBytes) {
      await res.body?.cancel();
      throw new RenderError(`GET ${displayUrl(url)}: ${declared} bytes is over the limit of ${limits.maxBytes}`, { code: 'InputTooLarge' });
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (cause) {
          const why = controller.signal.aborted ? `timed out after ${limits.timeoutMs} ms` : (cause as Error).message;
          throw new RenderError(`GET ${displayUrl(url)}: ${why}`, {
            code: controller.signal.aborted ? 'Timeout' : 'SourceUnavailable',
            cause,
          });
        }
        if (chunk.done) break;
        size += chunk.value.length;
        if (size > limits.maxBytes) {
          await reader.cancel();
          throw new RenderError(`GET ${displayUrl(url)}: the response is over the limit of ${limits.maxBytes} bytes`, {
            code: 'InputTooLarge',
          });
        }
        chunks.push(chunk.value);
      }
    }
    return { status: res.status, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)) };
  } finally {
    clearTimeout(timer);
  }
}
