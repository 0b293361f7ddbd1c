import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AgentControl } from '../agent-control.js';
import { jsonError, sendResult } from './respond.js';
import { maxListLimit, queryInt, requestUser } from './request-input.js';
import { parseRollbackBody } from './rollback-body.js';

/** Small JSON bodies only: a rollback body is a few dozen bytes. */
const maxJsonBodyBytes = 64 * 1024;

/**
 * `/apps`: the apps with their status, one app, its sync history, and the actions on it
 * (sync, rollback, resume). Success of an action that only queues work is 202.
 */
export function appsRoutes(control: AgentControl): Hono {
  const routes = new Hono();
  const limitBody = bodyLimit({
    maxSize: maxJsonBodyBytes,
    onError: (c) => jsonError(c, 413, `body: larger than ${maxJsonBodyBytes} bytes`),
  });
  const unknownApp = (name: string) => `app "${name}" not found`;

  // `invalid` was added in place (v1 stays compatible): files that failed to load, each with its error.
  routes.get('/apps', async (c) => c.json({ apps: await control.listApps(), invalid: control.invalidFiles?.() ?? [] }));

  routes.get('/apps/:name', async (c) => {
    const name = c.req.param('name');
    const app = await control.getApp(name);
    return app ? c.json(app) : jsonError(c, 404, unknownApp(name));
  });

  routes.get('/apps/:name/history', async (c) => {
    const name = c.req.param('name');
    const limit = queryInt(c, 'limit', 1, maxListLimit);
    const syncs = await control.history(name, limit);
    return syncs ? c.json({ syncs }) : jsonError(c, 404, unknownApp(name));
  });

  routes.post('/apps/:name/sync', async (c) => sendResult(c, await control.requestSync(c.req.param('name'), requestUser(c)), 202));

  routes.post('/apps/:name/rollback', limitBody, async (c) => {
    const who = requestUser(c);
    const options = parseRollbackBody(await c.req.text());
    return sendResult(c, await control.rollback(c.req.param('name'), options, who), 202);
  });

  routes.post('/apps/:name/resume', async (c) => sendResult(c, await control.resume(c.req.param('name'), requestUser(c)), 200));

  return routes;
}
