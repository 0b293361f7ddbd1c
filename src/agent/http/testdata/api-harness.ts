import { Writable } from 'node:stream';
import pino from 'pino';
import { createAgentMetrics, type AgentMetrics } from '../../metrics.js';
import { createApiApp } from '../create-api-app.js';
import type { RefusalLimiter } from '../../webhooks/refusal-limiter.js';
import { createFakeControl, type FakeControl } from './fake-control.js';

/** Test support: an API app over a fake control, with a real pino logger writing into `logLines`. */
export const testToken = 'tw_test_0123456789abcdef0123456789abcdef';

export interface ApiHarness {
  app: ReturnType<typeof createApiApp>;
  control: FakeControl;
  metrics: AgentMetrics;
  logLines: string[];
  /** A request with the right bearer token (plus `init`). */
  authed(path: string, init?: RequestInit): Promise<Response>;
}

export function apiHarness(options: { maxWebhookBodyBytes?: number; webhookRefusals?: RefusalLimiter } = {}): ApiHarness {
  const control = createFakeControl();
  const metrics = createAgentMetrics();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const app = createApiApp({ control, token: testToken, metrics, log, ...options });
  const authed = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${testToken}`);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  return { app, control, metrics, logLines, authed };
}
