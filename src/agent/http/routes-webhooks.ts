import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AgentControl } from '../agent-control.js';
import type { AgentMetrics } from '../metrics.js';
import { defaultMaxBodyBytes, isWebhookProvider } from '../webhooks/index.js';
import { jsonError } from './respond.js';
import { readLimitedBody } from './read-limited-body.js';
import { createRefusalLimiter, type RefusalLimiter } from '../webhooks/refusal-limiter.js';

/**
 * `POST /webhooks/:provider`: no bearer token; the control verifies the provider's signature over
 * the raw body. The body is read up to a limit (413 beyond it, without reading the rest), header
 * names are lowercased, and the control's status and body are returned as they are.
 * `tideway_webhooks_total`: this route counts the 413s it answers itself (those never reach the
 * control); what reaches the control is counted by the control, which knows the verification result.
 * An address whose requests keep being refused (`limiter`) gets 429 before its body is read, counted
 * here too: see refusal-limiter.ts.
 */
export function webhookRoutes(
  control: AgentControl,
  metrics: AgentMetrics,
  maxBodyBytes = defaultMaxBodyBytes,
  limiter: RefusalLimiter = createRefusalLimiter(),
): Hono {
  const routes = new Hono();
  routes.post('/:provider', async (c) => {
    const provider = c.req.param('provider');
    if (!isWebhookProvider(provider)) return jsonError(c, 404, `unknown webhook provider "${provider.slice(0, 40)}"`);
    const client = clientAddress(c.env);
    if (limiter.limited(client)) {
      metrics.webhooksTotal.inc({ provider, status: '429' });
      c.header('Retry-After', String(limiter.retryAfterSeconds(client)));
      c.header('Connection', 'close');
      return jsonError(c, 429, 'too many refused webhook requests from this address; try again later');
    }
    const read = await readLimitedBody(c.req.raw, maxBodyBytes);
    if (!read.ok) {
      limiter.charge(client);
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
    if (status === 400 || status === 401 || status === 413) limiter.charge(client);
    return c.json(answer.body, status as ContentfulStatusCode);
  });
  return routes;
}

/** The client's address when served by @hono/node-server (its `incoming` request); one shared key otherwise. */
function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
