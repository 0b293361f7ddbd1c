import { Hono } from 'hono';
import type { AgentControl } from '../agent-control.js';
import type { ApiEnv } from './api-env.js';
import { mayOn } from './authorize-app.js';
import { jsonError } from './respond.js';
import { checkInt } from './request-input.js';

/** `/syncs/:id`: one recorded sync with what happened to each object (viewer of its app). */
export function syncsRoutes(control: AgentControl): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.get('/syncs/:id', async (c) => {
    const id = checkInt('id', c.req.param('id'), 1, Number.MAX_SAFE_INTEGER);
    const sync = await control.getSync(id);
    if (!sync) return jsonError(c, 404, `sync ${id} not found`);
    const app = await control.getApp(sync.app);
    if (app && !mayOn(c, 'view', app)) return jsonError(c, 403, `${c.get('principal').user} may not see app "${sync.app}"`);
    if (!app && !c.get('principal').grants.some((g) => g.role === 'admin' && !g.apps && !g.namespaces && !g.clusters))
      return jsonError(c, 404, `sync ${id} not found`);
    return c.json(sync);
  });
  return routes;
}
