import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AgentControl } from '../agent-control.js';
import type { AgentMetrics } from '../metrics.js';
import { defaultMaxBodyBytes, isWebhookProvider } from '../webhooks/index.js';
import { jsonError } from './respond.js';
import { readLimitedBody } from './read-limited-body.js';

/**
 * `POST /webhooks/:provider`: no bearer token; the control verifies the provider's signature over
 * the raw body. The body is read up to a limit (413 beyond it, without reading the rest), header
 * names are lowercased, and the control's status and body are returned as they are.
 * `tideway_webhooks_total`: this route counts the 413s it answers itself (those never reach the
 * control); what reaches the control is counted by the control, which knows the verification result.
 */
export function webhookRoutes(control: AgentControl, metrics: AgentMetrics, maxBodyBytes = defaultMaxBodyBytes): Hono {
  const routes = new Hono();
  routes.post('/:provider', async (c) => {
    const provider = c.req.param('provider');
    if (!isWebhookProvider(provider)) return jsonError(c, 404, `unknown webhook provider "${provider.slice(0, 40)}"`);
    const read = await readLimitedBody(c.req.raw, maxBodyBytes);
    if (!read.ok) {
      metrics.webhooksTotal.inc({ provider, status: '413' });
      c.header('Connection', 'close');
      return jsonError(c, 413, `body is larger than the ${maxBodyBytes} bytes allowed`);
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const answer = await control.webhook(provider, { headers, body: read.body });
    const status = Number.isInteger(answer.status) && answer.status >= 200 && answer.status <= 599 ? answer.status : 500;
    return c.json(answer.body, status as ContentfulStatusCode);
  });
  return routes;
}
