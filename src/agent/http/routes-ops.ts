import { Hono } from 'hono';
import type { AgentControl } from '../agent-control.js';
import { refreshAppGauges, type AgentMetrics } from '../metrics.js';

/** Probes and metrics, open without a token: `/healthz` (alive), `/readyz` (apps loaded), `/metrics`. */
export function opsRoutes(control: AgentControl, metrics: AgentMetrics): Hono {
  const routes = new Hono();
  routes.get('/healthz', async (c) => c.text('ok'));
  routes.get('/readyz', async (c) => (control.ready() ? c.text('ready') : c.text('not ready', 503)));
  routes.get('/metrics', async (c) => {
    refreshAppGauges(metrics, await control.listApps());
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
  return routes;
}
