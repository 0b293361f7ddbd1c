import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { allowsEverywhere } from '../../core/auth/authorize.js';
import { ValidationError } from '../../core/errors.js';
import type { AgentControl } from '../agent-control.js';
import type { ApiEnv } from './api-env.js';
import { parseAppListQuery } from './app-list-query.js';
import { appFor, mayOn } from './authorize-app.js';
import { jsonError, sendResult } from './respond.js';
import { maxListLimit, queryInt, requestUser } from './request-input.js';
import { parseRollbackBody } from './rollback-body.js';
import { parseSyncBody } from './sync-body.js';

/** Small JSON bodies only: a rollback body is a few dozen bytes. */
const maxJsonBodyBytes = 64 * 1024;

/**
 * `/apps`: the apps with their status (filtered and paged), one app, its sync history, resource tree
 * and diff, and the actions on it (sync, rollback, resume, pause, refresh). Reads need the viewer role
 * on the app, actions the operator role (403 otherwise); the list holds only the apps the principal
 * may see. Success of an action that only queues work is 202.
 */
export function appsRoutes(control: AgentControl): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  const limitBody = bodyLimit({
    maxSize: maxJsonBodyBytes,
    onError: (c) => jsonError(c, 413, `body: larger than ${maxJsonBodyBytes} bytes`),
  });

  routes.get('/apps', async (c) => {
    const { query, paged } = parseAppListQuery(c);
    const seesAll = allowsEverywhere(c.get('principal').grants, 'viewer');
    const page = await control.queryApps({ ...query, visible: seesAll ? undefined : (app) => mayOn(c, 'view', app) });
    // `invalid` was added in place (v1 stays compatible): files that failed to load, each with its error.
    const invalid = control.invalidFiles?.() ?? [];
    return c.json(paged ? { ...page, invalid } : { apps: page.apps, invalid });
  });

  routes.get('/apps/:name', async (c) => {
    const { app, denied } = await appFor(c, control, 'view');
    return denied ?? c.json({ ...app, can: { operate: mayOn(c, 'operate', app) } });
  });

  routes.get('/apps/:name/history', async (c) => {
    const { app, denied } = await appFor(c, control, 'view');
    if (denied) return denied;
    const limit = queryInt(c, 'limit', 1, maxListLimit);
    return c.json({ syncs: (await control.history(app.name, limit)) ?? [] });
  });

  routes.get('/apps/:name/tree', async (c) => {
    const { app, denied } = await appFor(c, control, 'view');
    return denied ?? sendResult(c, await control.resourceTree(app.name), 200);
  });

  routes.get('/apps/:name/diff', async (c) => {
    const { app, denied } = await appFor(c, control, 'view');
    if (denied) return denied;
    const revision = c.req.query('revision');
    if (revision !== undefined && !/^[0-9a-f]{4,40}$/i.test(revision))
      throw new ValidationError('revision', 'must be a commit SHA or a prefix of one');
    const prune = c.req.query('prune') === 'true';
    return sendResult(c, await control.diff(app.name, { revision, prune }), 200);
  });

  routes.post('/apps/:name/sync', limitBody, async (c) => {
    const { app, denied } = await appFor(c, control, 'operate');
    if (denied) return denied;
    const body = parseSyncBody(await c.req.text());
    if (body.dryRun) return sendResult(c, await control.diff(app.name, { prune: body.prune }), 200);
    return sendResult(c, await control.requestSync(app.name, requestUser(c), body.prune ? { prune: true } : undefined), 202);
  });

  routes.post('/apps/:name/rollback', limitBody, async (c) => {
    const { app, denied } = await appFor(c, control, 'operate');
    if (denied) return denied;
    const options = parseRollbackBody(await c.req.text());
    return sendResult(c, await control.rollback(app.name, options, requestUser(c)), 202);
  });

  routes.post('/apps/:name/resume', async (c) => {
    const { app, denied } = await appFor(c, control, 'operate');
    return denied ?? sendResult(c, await control.resume(app.name, requestUser(c)), 200);
  });

  routes.post('/apps/:name/pause', async (c) => {
    const { app, denied } = await appFor(c, control, 'operate');
    return denied ?? sendResult(c, await control.pause(app.name, requestUser(c)), 200);
  });

  routes.post('/apps/:name/refresh', async (c) => {
    const { app, denied } = await appFor(c, control, 'operate');
    return denied ?? sendResult(c, await control.refresh(app.name, requestUser(c)), 202);
  });

  return routes;
}
