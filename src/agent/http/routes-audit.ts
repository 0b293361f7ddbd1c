import { Hono } from 'hono';
import { allowsEverywhere } from '../../core/auth/authorize.js';
import type { AgentControl } from '../agent-control.js';
import type { AuditQuery } from '../../store/store.js';
import type { ApiEnv } from './api-env.js';
import { mayOn } from './authorize-app.js';
import { jsonError } from './respond.js';
import { maxListLimit, queryInt } from './request-input.js';

/**
 * `/audit?app=&limit=&afterId=`: audit events, oldest first. Without `afterId` the newest `limit`;
 * with it, the oldest `limit` after that id (a cursor for following the log).
 * `app=` needs the viewer role on that app. Without it, an unscoped admin sees every event; others see
 * the events of the apps they may see (agent-wide events, such as sign-ins, are for admins).
 */
export function auditRoutes(control: AgentControl): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.get('/audit', async (c) => {
    const query: AuditQuery = {};
    const app = c.req.query('app');
    if (app !== undefined && app !== '') query.app = app;
    const limit = queryInt(c, 'limit', 1, maxListLimit);
    if (limit !== undefined) query.limit = limit;
    const afterId = queryInt(c, 'afterId', 0, Number.MAX_SAFE_INTEGER);
    if (afterId !== undefined) query.afterId = afterId;
    const grants = c.get('principal').grants;
    if (allowsEverywhere(grants, 'admin')) return c.json({ events: await control.audit(query) });
    if (query.app !== undefined) {
      const view = await control.getApp(query.app);
      if (!view || !mayOn(c, 'view', view))
        return jsonError(c, 403, `${c.get('principal').user} may not see the audit log of app "${query.app}"`);
      return c.json({ events: await control.audit(query) });
    }
    const events = await control.audit(query);
    const visible = new Map<string, boolean>();
    const out = [];
    for (const e of events) {
      if (e.app === undefined) continue;
      if (!visible.has(e.app)) {
        const view = await control.getApp(e.app);
        visible.set(e.app, !!view && mayOn(c, 'view', view));
      }
      if (visible.get(e.app)) out.push(e);
    }
    return c.json({ events: out });
  });
  return routes;
}
