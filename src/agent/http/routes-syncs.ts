import { Hono } from 'hono';
import type { AgentControl } from '../agent-control.js';
import { jsonError } from './respond.js';
import { checkInt } from './request-input.js';

/** `/syncs/:id`: one recorded sync with what happened to each object. */
export function syncsRoutes(control: AgentControl): Hono {
  const routes = new Hono();
  routes.get('/syncs/:id', async (c) => {
    const id = checkInt('id', c.req.param('id'), 1, Number.MAX_SAFE_INTEGER);
    const sync = await control.getSync(id);
    return sync ? c.json(sync) : jsonError(c, 404, `sync ${id} not found`);
  });
  return routes;
}
