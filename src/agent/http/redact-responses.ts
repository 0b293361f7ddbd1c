import type { MiddlewareHandler } from 'hono';
import { redactStrings } from '../../core/redact/redact.js';

/**
 * Every JSON answer of the API goes through `redactStrings`: an app's repoURL with `?access_token=`,
 * a condition naming a remote base with `user:token@`, whatever the control returns. The store keeps
 * no credentials already; this covers what does not come from it (an app's definition).
 */
export function redactResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!/^application\/json\b/.test(c.res.headers.get('content-type') ?? '')) return;
    const text = await c.res.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    const redacted = redactStrings(body);
    if (redacted === body) return;
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = new Response(JSON.stringify(redacted), { status: c.res.status, headers });
  };
}
