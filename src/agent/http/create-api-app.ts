import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../log/logger.js';
import type { AgentControl } from '../agent-control.js';
import type { AgentMetrics } from '../metrics.js';
import { requireBearerToken } from './auth.js';
import { jsonError } from './respond.js';
import { logRequests } from './request-log.js';
import { redactResponses } from './redact-responses.js';
import { opsRoutes } from './routes-ops.js';
import { appsRoutes } from './routes-apps.js';
import { syncsRoutes } from './routes-syncs.js';
import { auditRoutes } from './routes-audit.js';
import { webhookRoutes } from './routes-webhooks.js';
import type { RefusalLimiter } from '../webhooks/refusal-limiter.js';

export interface ApiOptions {
  control: AgentControl;
  /** The bearer token every `/api/v1` request must carry. */
  token: string;
  metrics: AgentMetrics;
  log: Logger;
  /** Largest webhook body accepted (default 1 MiB). */
  maxWebhookBodyBytes?: number;
  /** Limits refused webhook requests per client address (default: 30 at once, then 30 a minute). */
  webhookRefusals?: RefusalLimiter;
}

/** The path prefix of the versioned JSON API. */
export const apiBasePath = '/api/v1';

/**
 * The agent's HTTP API as a Hono app (a function from Request to Response: tests call
 * `app.request(...)` with no socket; `serveApi` puts it on a port).
 *
 *   GET  /healthz, /readyz, /metrics                 no token
 *   POST /webhooks/:provider                          no token; signature checked by the control
 *   /api/v1/...                                       Authorization: Bearer <token>
 *     GET  apps, apps/:name, apps/:name/history?limit=, syncs/:id, audit?app=&limit=&afterId=
 *     POST apps/:name/sync, apps/:name/rollback {to|steps}, apps/:name/resume
 *
 * Answers never carry credentials (URL userinfo, token query parameters: see core/redact).
 * Errors are `{ "error": "..." }`: 400 bad input (naming the field), 401, 404, 409, 413, 500.
 */
export function createApiApp(options: ApiOptions): Hono {
  const { control, metrics, log } = options;
  const app = new Hono();
  app.use(logRequests(log));
  app.use(redactResponses());
  app.route('/', opsRoutes(control, metrics));
  app.route('/webhooks', webhookRoutes(control, metrics, options.maxWebhookBodyBytes, options.webhookRefusals));

  const api = new Hono();
  api.use(requireBearerToken(options.token));
  api.route('/', appsRoutes(control));
  api.route('/', syncsRoutes(control));
  api.route('/', auditRoutes(control));
  app.route(apiBasePath, api);

  app.notFound((c) => jsonError(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof ValidationError) return jsonError(c, 400, error.message);
    if (error instanceof HTTPException) return error.getResponse();
    log.error({ err: error, method: c.req.method, path: c.req.path }, 'http request failed');
    return jsonError(c, 500, 'internal error (see the agent log)');
  });
  return app;
}
