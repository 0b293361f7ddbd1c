import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { connectAgent, AgentClientError } from './agent-client.js';
import { serveFakeAgent, type ServedAgent } from './testdata/served-agent.js';
import { shaA, shaC } from '../agent/http/testdata/fake-control.js';

describe('connectAgent over a real socket', () => {
  let agent: ServedAgent;
  before(async () => {
    agent = await serveFakeAgent();
  });
  after(async () => {
    await agent.close();
  });
  const connect = (extra = {}) => connectAgent({ dataDir: agent.dataDir, env: {}, ...extra });

  test('reads agent.json and api-token from the data dir and lists the apps', async () => {
    const client = await connect();
    assert.equal(client.url, agent.url);
    assert.ok(/^http:\/\/127\.0\.0\.1:\d+$/.test(client.url) && !client.url.endsWith(':0'), client.url);
    assert.deepEqual(
      (await client.listApps()).apps.map((a) => a.name),
      ['web', 'edge'],
    );
    assert.equal((await client.getApp('web')).status?.revision?.sha, shaC);
    assert.equal(await client.ready(), true);
  });

  test('history, one sync and the audit log', async () => {
    const client = await connect();
    assert.deepEqual(
      (await client.history('web', 2)).map((s) => s.id),
      [3, 2],
    );
    assert.equal((await client.getSync(2)).entries[0].action, 'failed');
    assert.deepEqual(
      (await client.audit({ app: 'web' })).map((e) => e.id),
      [2],
    );
    assert.deepEqual(
      (await client.audit({ afterId: 1, limit: 1 })).map((e) => e.id),
      [2],
    );
  });

  test("sync, rollback and resume reach the control as the admin token's holder, with the given user as its sub-identity", async () => {
    const client = await connect({ user: 'ada' });
    assert.deepEqual(await client.sync('web'), { queued: true });
    assert.deepEqual(await client.rollback('web', { to: shaA.slice(0, 8) }), { revision: shaA });
    assert.deepEqual(await client.resume('web'), { resumed: true });
    assert.deepEqual(await client.rollback('web', { steps: 1 }), { revision: shaC });
    assert.deepEqual(await client.resume('web'), { resumed: true });
    const calls = agent.control.calls.slice(-5);
    assert.deepEqual(
      calls.map((c) => [c.method, c.app, c.who]),
      [
        ['requestSync', 'web', 'admin (as ada)'],
        ['rollback', 'web', 'admin (as ada)'],
        ['resume', 'web', 'admin (as ada)'],
        ['rollback', 'web', 'admin (as ada)'],
        ['resume', 'web', 'admin (as ada)'],
      ],
    );
  });

  test('without a user option the OS user name is sent, recorded as a sub-identity of admin', async () => {
    const client = await connect();
    await client.sync('edge');
    assert.equal(agent.control.calls.at(-1)?.who, `admin (as ${os.userInfo().username})`);
  });

  test("the API's refusals become AgentClientError with the status and the agent's message", async () => {
    const client = await connect();
    const cases: [() => Promise<unknown>, number, RegExp][] = [
      [() => client.getApp('nope'), 404, /^app "nope" not found$/],
      [() => client.sync('nope'), 404, /^app "nope" not found$/],
      [() => client.resume('nope'), 404, /^app "nope" not found$/],
      [() => client.resume('web'), 409, /^web is not paused$/],
      [() => client.rollback('web', { to: 'ffff' }), 400, /^revision ffff is not in the history of web$/],
      [() => client.getSync(404), 404, /^sync 404 not found$/],
    ];
    for (const [call, status, message] of cases) {
      await assert.rejects(call, (error: unknown) => {
        assert.ok(error instanceof AgentClientError);
        assert.equal(error.code, 'AgentRequestFailed');
        assert.equal(error.status, status);
        assert.match(error.message, message);
        return true;
      });
    }
  });

  test('a wrong token is a 401 whose message says so and does not contain either token', async () => {
    const client = await connect({ token: 'tw_not_the_token' });
    await assert.rejects(client.listApps(), (error: AgentClientError) => {
      assert.equal(error.status, 401);
      assert.match(error.message, /^invalid bearer token \(is TIDEWAY_API_TOKEN/);
      assert.ok(!error.message.includes('tw_not_the_token') && !error.message.includes(agent.token));
      return true;
    });
  });

  test('environment variables override the data dir files', async () => {
    const client = await connectAgent({
      dataDir: '/nonexistent-tideway',
      env: { TIDEWAY_AGENT_URL: agent.url, TIDEWAY_API_TOKEN: agent.token },
    });
    assert.equal((await client.listApps()).apps.length, 2);
    const viaDataDirEnv = await connectAgent({ env: { TIDEWAY_DATA_DIR: agent.dataDir } });
    assert.equal(viaDataDirEnv.url, agent.url);
  });
});
