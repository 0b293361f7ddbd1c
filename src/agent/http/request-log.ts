import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../log/logger.js';

/** Probes and scrapes arrive every few seconds: logged at debug so they do not drown the rest. */
const quietPaths = new Set(['/healthz', '/readyz', '/metrics']);

/** The command line's requests (`tideway status`, a `sync --wait` polling history) are a user's reads, not news. */
const cliAgent = /^tideway-cli\//;

/**
 * Logs every request once it is answered: method, path (no query), status, duration. Never headers,
 * so never the token. Probes, scrapes and the CLI's calls at debug; others (webhooks, dashboards) at info.
 */
export function logRequests(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (quietPaths.has(c.req.path) || cliAgent.test(c.req.header('user-agent') ?? '')) log.debug(fields, 'http request');
    else log.info(fields, 'http request');
  };
}
