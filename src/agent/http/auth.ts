import type { MiddlewareHandler } from 'hono';
import { TidewayError } from '../../core/errors.js';
import { constantTimeEqual } from '../webhooks/constant-time.js';

/**
 * Requires `Authorization: Bearer <token>`. The comparison takes the same time whatever the given
 * token is (both sides are hashed first); the 401 never says how close a guess came, and neither
 * the expected nor the given token is logged or echoed.
 */
export function requireBearerToken(token: string): MiddlewareHandler {
  if (token.trim() === '') throw new TidewayError('InvalidApplication', 'token: the API token must not be empty');
  return async (c, next) => {
    const header = c.req.header('authorization');
    const given = header === undefined ? undefined : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
    if (given === undefined || !constantTimeEqual(given, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="tideway"');
      const error = header === undefined ? 'missing bearer token (send Authorization: Bearer <token>)' : 'invalid bearer token';
      return c.json({ error }, 401);
    }
    await next();
  };
}
