import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { bufferIO } from '../testdata/served-agent.js';
import { history } from './history.js';
import { status } from './status.js';

/** What an agent that does not redact its answers (another version) would send. */
const leakyApp = {
  name: 'web',
  source: { repoURL: 'https://git.example.com/web.git?access_token=TOKEN1', targetRevision: 'main', path: 'deploy' },
  destination: { target: 'kubernetes', namespace: 'web' },
  automated: true,
  prune: true,
  selfHeal: true,
  status: {
    app: 'web',
    syncStatus: 'Unknown',
    health: { status: 'Unknown' },
    conditions: [
      {
        type: 'ComparisonError',
        message: "accumulating resources from 'https://bob:TOKEN2@git.example.com/base'",
        since: '2024-05-01T11:00:00Z',
      },
    ],
    paused: false,
    updatedAt: '2024-05-01T11:00:00Z',
  },
};
const leakySync = {
  id: 1,
  app: 'web',
  revision: { sha: 'a'.repeat(40), message: 'use https://u:TOKEN3@h/x' },
  trigger: 'poll',
  startedAt: '2024-05-01T11:00:00Z',
  result: 'Failed',
  message: 'fetch https://h/x?private_token=TOKEN4 failed',
  entries: [],
};

test('tideway status and history never print credentials, even when the agent sends them', async () => {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/v1/apps') res.end(JSON.stringify({ apps: [leakyApp] }));
    else if (req.url === '/api/v1/apps/web') res.end(JSON.stringify(leakyApp));
    else if (req.url?.startsWith('/api/v1/apps/web/history')) res.end(JSON.stringify({ syncs: [leakySync] }));
    else res.writeHead(404).end('{"error":"no"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-redact-'));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await writeFile(path.join(dataDir, 'agent.json'), JSON.stringify({ url, pid: process.pid }));
    await writeFile(path.join(dataDir, 'api-token'), 'tw_token\n', { mode: 0o600 });
    const printed: string[] = [];
    for (const [command, argv] of [
      [status, []],
      [status, ['web']],
      [status, ['web', '-o', 'json']],
      [history, ['web']],
      [history, ['web', '-o', 'json']],
    ] as const) {
      const io = bufferIO();
      assert.equal(await command([...argv, '--data-dir', dataDir], io), 0);
      printed.push(io.stdout + io.stderr);
    }
    const text = printed.join('\n');
    assert.ok(!/TOKEN\d/.test(text), text);
    assert.match(text, /access_token=\*\*\*/);
  } finally {
    server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
