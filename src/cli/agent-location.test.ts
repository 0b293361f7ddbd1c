import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { connectAgent } from './agent-client.js';
import { locateAgent } from './agent-location.js';
import { TidewayError } from '../core/errors.js';

describe('locateAgent', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tideway-locate-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const rejectsWith = async (promise: Promise<unknown>, message: RegExp) =>
    assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof TidewayError);
      assert.equal(error.code, 'AgentUnavailable');
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), 'one line');
      return true;
    });

  test('an empty data dir means no agent is running, said in one line with how to start one', async () => {
    await rejectsWith(
      locateAgent({ dataDir: dir, env: {} }),
      new RegExp(`^no running agent found in ${dir}/ \\(start one with: tideway agent\\)$`),
    );
  });

  test('the default data dir is .tideway/', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await rejectsWith(locateAgent({ env: {} }), /^no running agent found in \.tideway\/ \(start one with: tideway agent\)$/);
    } finally {
      process.chdir(cwd);
    }
  });

  test('an agent.json left by an agent that has exited counts as no agent', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    const sub = await mkdtemp(path.join(dir, 'stale-'));
    await writeFile(path.join(sub, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:1', pid: child.pid }));
    await writeFile(path.join(sub, 'api-token'), 'tok');
    await rejectsWith(locateAgent({ dataDir: sub, env: {} }), /^no running agent found in/);
  });

  test('a malformed agent.json and a missing token are named', async () => {
    const bad = await mkdtemp(path.join(dir, 'bad-'));
    await writeFile(path.join(bad, 'agent.json'), '{not json');
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /agent\.json is not valid JSON$/);
    await writeFile(path.join(bad, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: process.pid }));
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /^no API token: .*api-token is missing or empty/);
    await writeFile(path.join(bad, 'api-token'), 'tok');
    await writeFile(path.join(bad, 'agent.json'), JSON.stringify({ url: 'file:///etc/passwd', pid: process.pid }));
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /^agent URL must be http or https, got file:$/);
  });

  test('options beat the environment, which beats the files', async () => {
    const sub = await mkdtemp(path.join(dir, 'files-'));
    await writeFile(path.join(sub, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:1111/', pid: process.pid }));
    await writeFile(path.join(sub, 'api-token'), ' file-token \n');
    assert.deepEqual(await locateAgent({ dataDir: sub, env: {} }), { dataDir: sub, url: 'http://127.0.0.1:1111', token: 'file-token' });
    const env = { TIDEWAY_AGENT_URL: 'http://127.0.0.1:2222', TIDEWAY_API_TOKEN: 'env-token' };
    assert.deepEqual(await locateAgent({ dataDir: sub, env }), { dataDir: sub, url: 'http://127.0.0.1:2222', token: 'env-token' });
    assert.deepEqual(await locateAgent({ dataDir: sub, env, url: 'http://127.0.0.1:3333', token: 'opt' }), {
      dataDir: sub,
      url: 'http://127.0.0.1:3333',
      token: 'opt',
    });
  });

  test('a port where nothing listens is a one-line AgentUnavailable naming the URL, without the token', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const client = await connectAgent({ url: `http://127.0.0.1:${port}`, token: 'secret-token-value', env: {} });
    await rejectsWith(
      client.listApps(),
      new RegExp(`^cannot reach the agent at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); is it running\\?`),
    );
    await assert.rejects(client.listApps(), (e: Error) => !e.message.includes('secret-token-value'));
  });
});
