import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { TidewayError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../log/logger.js';
import type { AgentControl } from '../agent-control.js';
import type { AgentMetrics } from '../metrics.js';
import { createAuthService, type AuthService } from '../../auth/auth-service.js';
import { emptyAuthConfig } from '../../auth/auth-config.js';
import { openMemoryAuthStore } from '../../auth/memory/memory-auth-store.js';
import type { OidcLogin } from '../../auth/oidc-login.js';
import { DASHBOARD_DIR } from '../dashboard-assets.js';
import type { ApiEnv } from './api-env.js';
import { authenticate } from './authenticate.js';
import { jsonError } from './respond.js';
import { authRoutes, meRoutes } from './routes-auth.js';
import { dashboardRoutes } from './routes-dashboard.js';
import { eventsRoutes } from './routes-events.js';
import { tokensRoutes } from './routes-tokens.js';
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
  /** The data dir's api-token: a bearer token acting as the user admin (the CLI's). */
  token: string;
  /** Users, sessions, tokens and roles; default: the admin's token only (sessions in memory). */
  auth?: AuthService;
  /** Single sign-on, when configured. */
  oidc?: OidcLogin;
  oidcRedirectUrl?: string;
  /** Served over HTTPS: cookies carry Secure. */
  secureCookies?: boolean;
  /** The dashboard's built files (default dist/dashboard). */
  dashboardDir?: string;
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
 *   GET  /                                            the dashboard (index.html; /assets/* its files)
 *   GET  /healthz, /readyz, /metrics                 no token
 *   POST /webhooks/:provider                          no token; signature checked by the control
 *   /auth/info, /auth/login, /auth/oidc/...           sign-in (see routes-auth.ts)
 *   /api/v1/...                                       a bearer token or a session cookie (+ CSRF token)
 *     GET  apps?search=&health=&sync=&cluster=&namespace=&label=&offset=&limit=, apps/:name,
 *          apps/:name/history?limit=, apps/:name/tree, apps/:name/diff?revision=, syncs/:id,
 *          audit?app=&limit=&afterId=, events (SSE), me, tokens
 *     POST apps/:name/sync {prune?, dryRun?}, apps/:name/rollback {to|steps}, apps/:name/resume,
 *          apps/:name/pause, apps/:name/refresh, logout, tokens; DELETE tokens/:id
 *
 * Answers never carry credentials (URL userinfo, token query parameters: see core/redact).
 * Errors are `{ "error": "..." }`: 400 bad input (naming the field), 401, 403, 404, 409, 413, 429, 500.
 */
export function createApiApp(options: ApiOptions): Hono {
  const { control, metrics, log } = options;
  const app = new Hono();
  app.use(logRequests(log));
  app.use(redactResponses());
  app.route('/', opsRoutes(control, metrics));
  app.route('/webhooks', webhookRoutes(control, metrics, options.maxWebhookBodyBytes, options.webhookRefusals));
  const auth =
    options.auth ?? createAuthService({ store: openMemoryAuthStore(), config: emptyAuthConfig, adminToken: checkedToken(options.token) });
  const secureCookies = options.secureCookies ?? false;
  app.route('/auth', authRoutes({ auth, oidc: options.oidc, secureCookies, oidcRedirectUrl: options.oidcRedirectUrl }));
  app.route('/', dashboardRoutes(options.dashboardDir ?? DASHBOARD_DIR));

  const api = new Hono<ApiEnv>();
  api.use(authenticate(auth));
  api.route('/', appsRoutes(control));
  api.route('/', syncsRoutes(control));
  api.route('/', auditRoutes(control));
  api.route('/', eventsRoutes(control));
  api.route('/', meRoutes(auth, secureCookies));
  api.route('/', tokensRoutes(auth));
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

function checkedToken(token: string): string {
  if (token.trim() === '') throw new TidewayError('InvalidApplication', 'token: the API token must not be empty');
  return token;
}
