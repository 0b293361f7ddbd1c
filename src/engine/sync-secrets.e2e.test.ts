import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { createEngineFixture, deleteNamespace, getObject, uniqueName } from '../../test/support/engine-fixture.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import { createEnvKeySource } from '../secrets/sops/env-key-source.js';
import { ageCliWrapper, writeSopsFile } from '../secrets/sops/testing/sops-writer.js';
import { ageKeygen } from '../secrets/sops/testing/test-keys.js';
import { diffApplication } from './diff-app.js';
import { syncApplication } from './sync/sync-app.js';

const owner = ageKeygen();
const FIRST = 'first-plaintext-9QmT2';
const SECOND = 'second-plaintext-Lw7Rk';

const encryptedApp = async (password: string) =>
  Buffer.from(
    await writeSopsFile({
      format: 'yaml',
      documents: [
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dsn' }, data: { url: `postgres://app:${password}@db/app` } },
      ],
      groups: [[ageCliWrapper(owner.recipient)]],
      rule: { kind: 'encrypted_regex', value: '^(stringData|url)$' },
    }),
  ).toString();

describe('sync and diff of an app with SOPS-encrypted files, against a real API server', () => {
  const fx = { ...createEngineFixture(), sopsKeys: createEnvKeySource({ env: { SOPS_AGE_KEY: owner.identity } }) };
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  after(async () => {
    for (const ns of namespaces) await deleteNamespace(fx.target, ns);
    for (const r of repos) r.remove();
    fx.close();
  });

  test('the decrypted objects are applied; the sync result and a later diff never show a decrypted value', async () => {
    const ns = uniqueName('sops-sync');
    namespaces.push(ns);
    const repo = createTestRepo({ 'manifests/app.sops.yaml': await encryptedApp(FIRST) });
    repos.push(repo);
    const app = resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: uniqueName('sops') },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: 'manifests', decryption: { provider: 'sops' } },
        destination: { namespace: ns },
        syncPolicy: { syncOptions: ['CreateNamespace=true'] },
      },
    });
    const result = await syncApplication(fx, app);
    assert.equal(result.phase, 'Succeeded', JSON.stringify(result.entries));
    const secret = await getObject(fx.target, `/api/v1/namespaces/${ns}/secrets/db`);
    assert.equal(Buffer.from((secret!.data as Record<string, string>).password, 'base64').toString(), FIRST);
    const cm = await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/dsn`);
    assert.equal((cm!.data as Record<string, string>).url, `postgres://app:${FIRST}@db/app`);
    assert.ok(!JSON.stringify(result).includes(FIRST), 'the sync result (what the store and the API get) holds no decrypted value');

    repo.commit({ 'manifests/app.sops.yaml': await encryptedApp(SECOND) }, 'rotate');
    const diff = await diffApplication(fx, app);
    assert.equal(diff.inSync, false);
    const shown = JSON.stringify(diff);
    for (const value of [FIRST, SECOND, Buffer.from(FIRST).toString('base64'), Buffer.from(SECOND).toString('base64')])
      assert.ok(!shown.includes(value), `the diff shows ${value}`);
    const dsn = diff.entries.find((e) => e.ref.name === 'dsn')!;
    assert.equal(dsn.change, 'update');
    assert.match(dsn.diff, /\*\*\* \(decrypted\) \*\*\*/, 'the changed value is shown masked');
  });

  test('keys from a Secret the app names (secretRef) decrypt its files; a missing Secret fails the render; an app may not carry its own key Secret', async () => {
    const keysNs = uniqueName('sops-keys');
    const ns = uniqueName('sops-ref');
    namespaces.push(keysNs, ns);
    const made = await fx.target.client.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: keysNs } },
    });
    assert.equal(made.status, 201);
    const secret = await fx.target.client.request('POST', `/api/v1/namespaces/${keysNs}/secrets`, {
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'sops-keys' },
        data: { 'team.agekey': Buffer.from(`# team key\n${owner.identity}\n`).toString('base64') },
      },
    });
    assert.equal(secret.status, 201);
    // No key in the environment: only the Secret can decrypt.
    const withSecrets = { ...fx, sopsKeys: createEnvKeySource({ env: {} }), secretNamespace: keysNs };
    const repo = createTestRepo({ 'manifests/app.sops.yaml': await encryptedApp(FIRST) });
    repos.push(repo);
    const appWith = (secretName: string) =>
      resolveApplication({
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: uniqueName('sops-ref') },
        spec: {
          source: {
            repoURL: repo.dir,
            targetRevision: 'main',
            path: 'manifests',
            decryption: { provider: 'sops', secretRef: { name: secretName } },
          },
          destination: { namespace: ns },
          syncPolicy: { syncOptions: ['CreateNamespace=true'] },
        },
      });
    const result = await syncApplication(withSecrets, appWith('sops-keys'));
    assert.equal(result.phase, 'Succeeded', JSON.stringify(result.entries));
    const db = await getObject(fx.target, `/api/v1/namespaces/${ns}/secrets/db`);
    assert.equal(Buffer.from((db!.data as Record<string, string>).password, 'base64').toString(), FIRST);

    await assert.rejects(syncApplication(withSecrets, appWith('absent')), new RegExp(`Secret ${keysNs}/absent not found`));

    repo.commit({
      'manifests/keys.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: sops-keys\n  namespace: ${keysNs}\nstringData:\n  mine.agekey: AGE-SECRET-KEY-1X\n`,
    });
    await assert.rejects(syncApplication(withSecrets, appWith('sops-keys')), /holds this app's own keys \(secretRef\)/);
    const kept = await getObject(fx.target, `/api/v1/namespaces/${keysNs}/secrets/sops-keys`);
    assert.ok((kept!.data as Record<string, string>)['team.agekey'], 'the key Secret is unchanged');
  });
});
