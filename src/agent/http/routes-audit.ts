import { Hono } from 'hono';
import type { AgentControl } from '../agent-control.js';
import type { AuditQuery } from '../../store/store.js';
import { maxListLimit, queryInt } from './request-input.js';

/**
 * `/audit?app=&limit=&afterId=`: audit events, oldest first. Without `afterId` the newest `limit`;
 * with it, the oldest `limit` after that id (a cursor for following the log).
 */
export function auditRoutes(control: AgentControl): Hono {
  const routes = new Hono();
  routes.get('/audit', async (c) => {
    const query: AuditQuery = {};
    const app = c.req.query('app');
    if (app !== undefined && app !== '') query.app = app;
    const limit = queryInt(c, 'limit', 1, maxListLimit);
    if (limit !== undefined) query.limit = limit;
    const afterId = queryInt(c, 'afterId', 0, Number.MAX_SAFE_INTEGER);
    if (afterId !== undefined) query.afterId = afterId;
    return c.json({ events: await control.audit(query) });
  });
  return routes;
}
