import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import type { Logger } from '../../log/logger.js';
import { CLI_USER_AGENT } from '../../cli/agent-client.js';
import { logRequests } from './request-log.js';

test("the CLI's calls are logged at debug, a dashboard's or webhook's at info, probes at debug; never a header", async () => {
  const seen: { level: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>) => seen.push({ level, fields });
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log } as unknown as Logger;
  const app = new Hono();
  app.use('*', logRequests(log));
  app.get('*', (c) => c.text('ok'));
  await app.request('/api/v1/apps', { headers: { 'user-agent': CLI_USER_AGENT, authorization: 'Bearer sekrit' } });
  await app.request('/api/v1/apps', { headers: { 'user-agent': 'Mozilla/5.0' } });
  await app.request('/readyz');
  assert.deepEqual(
    seen.map((s) => `${s.level} ${s.fields.path}`),
    ['debug /api/v1/apps', 'info /api/v1/apps', 'debug /readyz'],
  );
  assert.ok(!JSON.stringify(seen).includes('sekrit'));
});
