import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  const noConfig = () => path.join(dir, 'no-config.yaml');

  test('an empty data dir means no agent is running, said in one line with how to start one or name it', async () => {
    await rejectsWith(
      locateAgent({ dataDir: dir, env: {}, configFile: noConfig() }),
      new RegExp(
        `^no running agent found in ${dir}/ \\(start one with: tideway agent; or name it: --agent URL, TIDEWAY_AGENT, or agent: in ${noConfig()}\\)$`,
      ),
    );
  });

  test('the default data dir is .tideway/', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await rejectsWith(
        locateAgent({ env: {}, configFile: noConfig() }),
        /^no running agent found in \.tideway\/ \(start one with: tideway agent;/,
      );
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
    await rejectsWith(locateAgent({ dataDir: sub, env: {}, configFile: noConfig() }), /^no running agent found in/);
  });

  test('a malformed agent.json and a missing token are named', async () => {
    const bad = await mkdtemp(path.join(dir, 'bad-'));
    await writeFile(path.join(bad, 'agent.json'), '{not json');
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /agent\.json is not valid JSON$/);
    await writeFile(path.join(bad, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: process.pid }));
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /^no API token: .*api-token is missing or empty/);
    await writeFile(path.join(bad, 'api-token'), 'tok');
    await writeFile(path.join(bad, 'agent.json'), JSON.stringify({ url: 'file:///etc/passwd', pid: process.pid }));
    await rejectsWith(locateAgent({ dataDir: bad, env: {} }), /^agent URL must be http or https, got file: \(.*agent\.json\)$/);
  });

  test('options beat the environment, which beats the files', async () => {
    const sub = await mkdtemp(path.join(dir, 'files-'));
    await writeFile(path.join(sub, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:1111/', pid: process.pid }));
    await writeFile(path.join(sub, 'api-token'), ' file-token \n');
    const pick = ({ url, token }: { url: string; token: string }) => ({ url, token });
    assert.deepEqual(pick(await locateAgent({ dataDir: sub, env: {} })), { url: 'http://127.0.0.1:1111', token: 'file-token' });
    const env = { TIDEWAY_AGENT_URL: 'http://127.0.0.1:2222', TIDEWAY_API_TOKEN: 'env-token' };
    assert.deepEqual(pick(await locateAgent({ dataDir: sub, env })), { url: 'http://127.0.0.1:2222', token: 'env-token' });
    const newer = { ...env, TIDEWAY_AGENT: 'http://127.0.0.1:2223' };
    assert.deepEqual(pick(await locateAgent({ dataDir: sub, env: newer })), { url: 'http://127.0.0.1:2223', token: 'env-token' });
    assert.deepEqual(pick(await locateAgent({ dataDir: sub, env, url: 'http://127.0.0.1:3333', token: 'opt' })), {
      url: 'http://127.0.0.1:3333',
      token: 'opt',
    });
  });

  test('from any directory: the user config names the agent (agent: and tokenFile:, or dataDir:)', async () => {
    const home = await mkdtemp(path.join(dir, 'home-'));
    await mkdir(path.join(home, 'tideway'));
    const config = path.join(home, 'tideway', 'config.yaml');
    await writeFile(path.join(home, 'token'), 'config-token\n', { mode: 0o600 });
    await writeFile(config, `agent: https://tideway.example.com:7780\ntokenFile: ${path.join(home, 'token')}\n`, { mode: 0o600 });
    const empty = await mkdtemp(path.join(dir, 'empty-'));
    const cwd = process.cwd();
    process.chdir(empty); // no ./.tideway here
    try {
      // The config's agent is named by the user, so any host will do.
      const found = await locateAgent({ env: { XDG_CONFIG_HOME: home } });
      assert.deepEqual([found.url, found.token], ['https://tideway.example.com:7780', 'config-token']);
    } finally {
      process.chdir(cwd);
    }
    const sub = await mkdtemp(path.join(dir, 'agentdir-'));
    await writeFile(path.join(sub, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:4444', pid: process.pid }), { mode: 0o600 });
    await writeFile(path.join(sub, 'api-token'), 'dir-token');
    await writeFile(config, `dataDir: ${sub}\n`, { mode: 0o600 });
    process.chdir(empty);
    try {
      const viaDir = await locateAgent({ env: { XDG_CONFIG_HOME: home } });
      assert.deepEqual([viaDir.url, viaDir.token, viaDir.dataDir], ['http://127.0.0.1:4444', 'dir-token', sub]);
      await writeFile(config, 'agnet: http://x\n', { mode: 0o600 });
      await rejectsWith(
        locateAgent({ env: { XDG_CONFIG_HOME: home } }),
        /config\.yaml: agnet: unknown key \(known: agent, tokenFile, dataDir\)$/,
      );
    } finally {
      process.chdir(cwd);
    }
  });

  test('SECURITY: a URL read from an agent.json is used only when the file is yours, not writable by others, and loopback', async () => {
    const planted = await mkdtemp(path.join(dir, 'planted-'));
    const file = path.join(planted, 'agent.json');
    const env = { TIDEWAY_API_TOKEN: 'my-secret-token' };
    await writeFile(file, JSON.stringify({ url: 'http://attacker.example.com:7780' }), { mode: 0o600 });
    await rejectsWith(
      locateAgent({ dataDir: planted, env }),
      /names http:\/\/attacker\.example\.com:7780, which is not a loopback address: the API token is sent only to loopback URLs unless you name the agent yourself/,
    );
    await writeFile(file, JSON.stringify({ url: 'http://127.0.0.1:7780' }));
    await chmod(file, 0o666);
    await rejectsWith(
      locateAgent({ dataDir: planted, env }),
      /agent\.json is writable by others \(mode 666\): not trusted to say where the agent is/,
    );
    await chmod(file, 0o620);
    await rejectsWith(locateAgent({ dataDir: planted, env }), /agent\.json is writable by its group/);
    await chmod(file, 0o644);
    const me = process.getuid!();
    await rejectsWith(
      locateAgent({ dataDir: planted, env, uid: me + 1 }),
      new RegExp(`agent\\.json is owned by uid ${me}, not by you \\(uid ${me + 1}\\)`),
    );
    if (me === 0) {
      await chown(file, 4242, 4242);
      await rejectsWith(locateAgent({ dataDir: planted, env }), /agent\.json is owned by uid 4242, not by you \(uid 0\)/);
      await chown(file, 0, 0);
    }
    assert.equal((await locateAgent({ dataDir: planted, env })).url, 'http://127.0.0.1:7780', 'yours, 0644, loopback: used');
    for (const loopback of ['http://localhost:1', 'http://[::1]:1', 'https://127.1.2.3:1'])
      assert.equal((await locateAgent({ url: loopback, env })).url, loopback);
    assert.equal(
      (await locateAgent({ dataDir: planted, env: { ...env, TIDEWAY_AGENT: 'https://remote.example.com' } })).url,
      'https://remote.example.com',
      'named by you: any host',
    );
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
