import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { resolveKubeconfig } from './kubeconfig.js';
import { createRestClient } from './rest-client.js';
import { testKubeconfigPath } from '../../../test/support/engine-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function base() {
  return parse(readFileSync(testKubeconfigPath(), 'utf8')) as { clusters: any[]; users: any[]; contexts: any[]; 'current-context': string };
}

test('the first file that defines a name wins, as with kubectl, and a context can be picked', () => {
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  writeFileSync(
    a,
    stringify({
      'current-context': 'one',
      clusters: [{ name: 'c', cluster: { server: 'https://one.example:6443/' } }],
      users: [{ name: 'u', user: { token: 'first' } }],
      contexts: [{ name: 'one', context: { cluster: 'c', user: 'u' } }],
    }),
  );
  writeFileSync(
    b,
    stringify({
      'current-context': 'two',
      clusters: [
        { name: 'c', cluster: { server: 'https://ignored' } },
        { name: 'd', cluster: { server: 'https://two.example' } },
      ],
      users: [{ name: 'u', user: { token: 'second' } }],
      contexts: [{ name: 'two', context: { cluster: 'd', user: 'u' } }],
    }),
  );
  const merged = resolveKubeconfig({ kubeconfig: `${a}${path.delimiter}${b}` });
  assert.equal(merged.contextName, 'one');
  assert.equal(merged.server, 'https://one.example:6443');
  assert.equal(merged.token, 'first');
  assert.equal(resolveKubeconfig({ kubeconfig: `${a}${path.delimiter}${b}`, context: 'two' }).server, 'https://two.example');
  assert.equal(resolveKubeconfig({ kubeconfig: `${a}${path.delimiter}${b}`, server: 'https://two.example/' }).contextName, 'two');
  assert.throws(() => resolveKubeconfig({ kubeconfig: a, context: 'nope' }), /no context "nope"/);
});

test('a kubeconfig is read as kubectl reads YAML (1.1: "yes" is true), and a broken one is one clear error naming the file', () => {
  const file = path.join(dir, 'yaml11');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: one',
      'clusters:',
      '- name: c',
      '  cluster:',
      '    server: https://one.example:6443',
      '    insecure-skip-tls-verify: yes',
      'users:',
      '- name: u',
      '  user: { token: "012" }',
      'contexts:',
      '- name: one',
      '  context: { cluster: c, user: u }',
      '',
    ].join('\n'),
  );
  const resolved = resolveKubeconfig({ kubeconfig: file });
  assert.equal(resolved.insecureSkipTLSVerify, true);
  assert.equal(resolved.token, '012');
  const broken = path.join(dir, 'broken');
  writeFileSync(broken, 'clusters:\n- name: c\n\tcluster: {}\n');
  assert.throws(
    () => resolveKubeconfig({ kubeconfig: broken }),
    (error: Error) => error.message.startsWith(`cannot read kubeconfig ${broken}: `) && !error.message.includes('\n'),
  );
});

test('a token file and an exec plugin both authenticate against the real API server', async () => {
  const cfg = base();
  const token = cfg.users[0].user.token as string;
  const tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, `${token}\n`);
  const plugin = path.join(dir, 'plugin.sh');
  writeFileSync(
    plugin,
    `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`,
    { mode: 0o755 },
  );
  for (const user of [{ tokenFile }, { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin } }]) {
    const file = path.join(dir, `kubeconfig-${Object.keys(user)[0]}`);
    writeFileSync(file, stringify({ ...cfg, users: [{ name: cfg.users[0].name, user }] }));
    const client = createRestClient({ kubeconfig: file });
    try {
      const res = await client.request<{ kind: string }>('GET', '/api/v1/namespaces/default');
      assert.equal(res.status, 200, `${Object.keys(user)[0]}: HTTP ${res.status}`);
    } finally {
      client.close();
    }
  }
});

test('a wrong token is refused by the server, not silently accepted', async () => {
  const cfg = base();
  const file = path.join(dir, 'kubeconfig-bad');
  writeFileSync(file, stringify({ ...cfg, users: [{ name: cfg.users[0].name, user: { token: 'not-the-token' } }] }));
  const client = createRestClient({ kubeconfig: file });
  try {
    assert.equal((await client.request('GET', '/api/v1/namespaces/default')).status, 401);
  } finally {
    client.close();
  }
});
