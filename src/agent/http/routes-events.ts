import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { allowsEverywhere } from '../../core/auth/authorize.js';
import type { AgentControl } from '../agent-control.js';
import type { AgentEvent } from '../agent-events.js';
import type { ApiEnv } from './api-env.js';
import { mayOn } from './authorize-app.js';

/** How often a comment is sent on an idle stream, so proxies and the browser keep it open. */
const keepAliveMs = 15_000;
/** Events waiting for a slow reader beyond this close the stream (the browser reconnects and reloads). */
const maxBacklog = 5000;

/**
 * `GET /events`: Server-Sent Events of what happens in the agent, as it happens (no polling):
 * `app.status`, `app.removed`, `sync.started`, `sync.finished`, `audit`, each `data:` a JSON AgentEvent.
 * Only events of apps the principal may see are sent; agent-wide audit events only to unscoped admins.
 */
export function eventsRoutes(control: AgentControl): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.get('/events', (c) => {
    const admin = allowsEverywhere(c.get('principal').grants, 'admin');
    const visible = new Map<string, boolean>();
    const maySee = async (e: AgentEvent): Promise<boolean> => {
      if (e.app === undefined) return admin;
      if (admin) return true;
      let known = visible.get(e.app);
      if (known === undefined) {
        if (e.type === 'app.removed') return false;
        const view = await control.getApp(e.app);
        known = !!view && mayOn(c, 'view', view);
        visible.set(e.app, known);
      }
      return known;
    };
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const backlog: AgentEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = control.subscribe((e) => {
        backlog.push(e);
        wake?.();
      });
      let closed = false;
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ user: c.get('principal').user }) });
        while (!closed) {
          if (backlog.length === 0) {
            const why = await new Promise<'idle' | 'event'>((resolve) => {
              const timer = setTimeout(() => resolve('idle'), keepAliveMs);
              wake = () => {
                clearTimeout(timer);
                resolve('event');
              };
            });
            wake = undefined;
            if (why === 'idle' && !closed) await stream.write(': keep-alive\n\n');
            continue;
          }
          if (backlog.length > maxBacklog) break;
          const e = backlog.shift()!;
          if (e.type === 'agent.stopping') break;
          if (await maySee(e)) await stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return routes;
}
