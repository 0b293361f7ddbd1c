import type { Context } from 'hono';
import { allows, type AppAction, type AppScope } from '../../core/auth/authorize.js';
import type { AgentControl, AppView } from '../agent-control.js';
import { clusterOf } from '../app-query.js';
import type { ApiEnv } from './api-env.js';
import { jsonError } from './respond.js';

export function scopeOf(app: AppView): AppScope {
  return { name: app.name, namespace: app.destination.namespace, cluster: app.cluster ?? clusterOf(app.destination) };
}

/** May the request's principal do `action` on this app? */
export function mayOn(c: Context<ApiEnv>, action: AppAction, app: AppView): boolean {
  return allows(c.get('principal').grants, action, scopeOf(app));
}

/**
 * The app named in the path, once the principal may do `action` on it; else the answer to send:
 * 404 for an unknown app, 403 for one outside the principal's grants.
 */
export async function appFor(
  c: Context<ApiEnv>,
  control: AgentControl,
  action: AppAction,
): Promise<{ app: AppView; denied?: undefined } | { app?: undefined; denied: Response }> {
  const name = c.req.param('name') ?? '';
  const app = await control.getApp(name);
  if (!app) return { denied: jsonError(c, 404, `app "${name}" not found`) };
  if (!mayOn(c, action, app)) {
    const role = action === 'view' ? 'viewer' : 'operator';
    return {
      denied: jsonError(c, 403, `${c.get('principal').user} may not ${action === 'view' ? 'see' : 'change'} app "${name}" (needs ${role})`),
    };
  }
  return { app };
}
