import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../log/logger.js';
import { createAgent } from './agent.js';

const cheap = { logN: 10, r: 8, p: 1 };

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-auth-'));
}

test('the first start writes the admin initial password (0600), which signs in; a restart keeps it', async () => {
  const dir = tempDir();
  try {
    const dataDir = path.join(dir, 'data');
    const start = async () => {
      const agent = createAgent({ dataDir, apps: [], apiPort: 0, staticApps: true, scryptCost: cheap, log: silentLogger });
      await agent.start();
      return agent;
    };
    const agent = await start();
    const file = path.join(dataDir, 'initial-admin-password');
    assert.equal(agent.initialPasswordFile(), file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const password = readFileSync(file, 'utf8').trim();
    assert.match(password, /^[\w-]{24}$/);
    await agent.stop(2000);
    const again = await start();
    assert.equal(readFileSync(file, 'utf8').trim(), password, 'not rewritten');
    const login = await fetch(`${again.url()}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);
    assert.doesNotMatch(login.headers.get('set-cookie') ?? '', /Secure/, 'no Secure over plain HTTP on loopback');
    const token = readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
    const me = await (await fetch(`${again.url()}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual([me.user, me.role, me.via], ['admin', 'admin', 'admin-token'], "the CLI's token file acts as the admin");
    const audit = await (await fetch(`${again.url()}/api/v1/audit`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.ok(audit.events.some((e: { action: string; actor: string }) => e.action === 'auth.login' && e.actor === 'admin'));
    await again.stop(2000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bind beyond loopback without TLS is refused at start, naming the flags', async () => {
  const dir = tempDir();
  try {
    const agent = createAgent({
      dataDir: path.join(dir, 'data'),
      apps: [],
      apiPort: 0,
      apiHost: '0.0.0.0',
      staticApps: true,
      log: silentLogger,
    });
    await assert.rejects(
      agent.start(),
      /--host 0\.0\.0\.0: serving the API beyond this machine needs TLS \(--tls-cert FILE --tls-key FILE\)/,
    );
    await agent.stop(1000).catch(() => undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with a certificate the API serves HTTPS and the session cookie is Secure', async () => {
  const dir = tempDir();
  try {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const dataDir = path.join(dir, 'data');
    const agent = createAgent({
      dataDir,
      apps: [],
      apiPort: 0,
      tls: { certFile: cert, keyFile: key },
      staticApps: true,
      scryptCost: cheap,
      log: silentLogger,
    });
    await agent.start();
    try {
      assert.match(agent.url()!, /^https:\/\/127\.0\.0\.1:\d+$/);
      const password = readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8').trim();
      const body = JSON.stringify({ username: 'admin', password });
      const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const req = request(
          `${agent.url()}/auth/login`,
          { method: 'POST', ca: readFileSync(cert), headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, cookie: String(res.headers['set-cookie'] ?? '') }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(answer.status, 200);
      assert.match(answer.cookie, /HttpOnly; Secure; SameSite=Strict/);
    } finally {
      await agent.stop(2000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
