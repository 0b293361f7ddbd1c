import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferIO, serveFakeAgent } from '../testdata/served-agent.js';
import { token } from './token.js';
import { user } from './user.js';
import { verifyPassword } from '../../auth/password-hash.js';

test('tideway token create prints the token once; list shows it without its secret; revoke ends it', async () => {
  const agent = await serveFakeAgent();
  try {
    const created = bufferIO();
    assert.equal(await token(['create', '--name', 'ci', '--expires', '30d', '--data-dir', agent.dataDir], created), 0);
    const secret = created.stdout.trim();
    assert.match(secret, /^tw_[A-Za-z0-9]{12}_[\w-]{43}$/);
    assert.match(created.stderr, /^token \w{12} for admin, expires \d{4}-.*; it is not shown again\n$/);
    const id = secret.split('_')[1];
    const me = await fetch(`${agent.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await me.json()).user, 'admin');

    const listed = bufferIO();
    assert.equal(await token(['list', '--data-dir', agent.dataDir], listed), 0);
    assert.match(listed.stdout, /^ID\s+USER\s+NAME\s+CREATED\s+EXPIRES\s+LAST USED\s+STATE\n/);
    assert.match(listed.stdout, new RegExp(`^${id}\\s+admin\\s+ci\\s+.*\\sactive$`, 'm'));
    assert.ok(!listed.stdout.includes(secret.slice(16)), 'the secret is not listed');

    const revoked = bufferIO();
    assert.equal(await token(['revoke', id, '--data-dir', agent.dataDir], revoked), 0);
    assert.equal(revoked.stdout, `token ${id} revoked\n`);
    assert.equal((await fetch(`${agent.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status, 401);
    const again = bufferIO();
    await assert.rejects(token(['revoke', id, '--data-dir', agent.dataDir], again), /already revoked/);
  } finally {
    await agent.close();
  }
});

test('tideway token with a bad lifetime names the field', async () => {
  const agent = await serveFakeAgent();
  try {
    await assert.rejects(
      token(['create', '--expires', '10y', '--data-dir', agent.dataDir], bufferIO()),
      /expiresIn: must be a lifetime such as 30d/,
    );
  } finally {
    await agent.close();
  }
});

test('tideway user hash-password reads the password from stdin and prints a hash that verifies', async () => {
  const io = bufferIO();
  assert.equal(await user(['hash-password'], io, async () => 'correct horse battery'), 0);
  const hash = io.stdout.trim();
  assert.match(hash, /^scrypt\$15\$8\$1\$/);
  assert.equal(await verifyPassword('correct horse battery', hash), true);
  const short = bufferIO();
  assert.equal(await user(['hash-password'], short, async () => 'short'), 2);
  assert.match(short.stderr, /at least 8 characters/);
});
