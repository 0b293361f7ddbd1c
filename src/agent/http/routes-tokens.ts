import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseTokenTtl } from '../../auth/api-token.js';
import type { AuthService } from '../../auth/auth-service.js';
import { allowsEverywhere } from '../../core/auth/authorize.js';
import { ValidationError } from '../../core/errors.js';
import type { ApiEnv } from './api-env.js';
import { jsonError } from './respond.js';

/**
 * `/tokens`: API tokens. Anyone signed in lists, creates and revokes their own; an unscoped admin
 * those of any user (`?user=` to list one user's, `?all=true` for all; `user` in a create body).
 *   GET    /tokens[?user=|?all=true]               { tokens: TokenView[] } newest first
 *   POST   /tokens { name, expiresIn?, user? }     201 { id, token, ... }: the token is shown once
 *   DELETE /tokens/:id                             200 { revoked: true }; 404 unknown or not yours
 */
export function tokensRoutes(auth: AuthService): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const isAdmin = (c: { get(k: 'principal'): { grants: Parameters<typeof allowsEverywhere>[0] } }) =>
    allowsEverywhere(c.get('principal').grants, 'admin');

  routes.get('/tokens', async (c) => {
    const me = c.get('principal').user;
    const user = c.req.query('user');
    const all = c.req.query('all') === 'true';
    if ((user !== undefined && user !== me) || all) {
      if (!isAdmin(c)) return jsonError(c, 403, `${me} may list only their own tokens`);
      return c.json({ tokens: await auth.listTokens(all ? undefined : user) });
    }
    return c.json({ tokens: await auth.listTokens(me) });
  });

  routes.post('/tokens', bodyLimit({ maxSize: 4096, onError: (c) => jsonError(c, 413, 'body: larger than 4096 bytes') }), async (c) => {
    const principal = c.get('principal');
    let body: Record<string, unknown>;
    try {
      const parsed = JSON.parse((await c.req.text()) || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
      body = parsed;
    } catch {
      throw new ValidationError('body', 'must be a JSON object');
    }
    for (const k of Object.keys(body))
      if (!['name', 'expiresIn', 'user'].includes(k))
        throw new ValidationError(`body.${k.slice(0, 40)}`, 'is not a known field (expected name, expiresIn, user)');
    const name = body.name ?? 'token';
    if (typeof name !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(name))
      throw new ValidationError('body.name', 'must be 1-64 printable characters');
    let ttlMs: number | undefined;
    if (body.expiresIn !== undefined) {
      if (typeof body.expiresIn !== 'string') throw new ValidationError('body.expiresIn', 'must be a lifetime such as 30d');
      try {
        ttlMs = parseTokenTtl(body.expiresIn, 'body.expiresIn');
      } catch (error) {
        return jsonError(c, 400, (error as Error).message);
      }
    }
    const owner = principal.user;
    const user = body.user ?? owner;
    if (typeof user !== 'string') throw new ValidationError('body.user', 'must be a user name');
    if (user !== owner && !isAdmin(c)) return jsonError(c, 403, `${principal.user} may create tokens only for themselves`);
    if (!auth.isLocalUser(user))
      return jsonError(c, 400, `body.user: "${user}" is not a local user (single sign-on users cannot hold API tokens)`);
    const created = await auth.createToken(user, name, ttlMs, principal.actor ?? principal.user);
    return c.json(created, 201);
  });

  routes.delete('/tokens/:id', async (c) => {
    const principal = c.get('principal');
    const id = c.req.param('id');
    const token = await auth.getToken(id);
    if (!token || (token.user !== principal.user && !isAdmin(c))) return jsonError(c, 404, `token ${id.slice(0, 40)} not found`);
    if (!(await auth.revokeToken(id, principal.actor ?? principal.user))) return jsonError(c, 409, `token ${id} is already revoked`);
    return c.json({ revoked: true });
  });

  return routes;
}
