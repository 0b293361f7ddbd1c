/**
 * SOPS decryption and signed-commit verification through the whole agent (git, render, apply to a
 * real API server, SQLite store, HTTP API, logs): the decrypted Secret reaches the cluster, and its
 * plaintext is found nowhere else; an unsigned commit is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { stringify } from 'yaml';
import { execFileSync } from 'node:child_process';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { TEST_GIT_ENV } from '../source/git/testing/git-repo.js';
import { makeSshSigner } from '../source/git/verify/testing/signing-keys.js';
import { eventually } from '../../test/support/agent-fixture.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { ageCliWrapper, writeSopsFile } from '../secrets/sops/testing/sops-writer.js';
import { ageKeygen } from '../secrets/sops/testing/test-keys.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { ensureApiToken } from './agent-files.js';
import { createAgent, type Agent } from './agent.js';

const PASSWORD = 'e2e-plaintext-Zq8vX2mLr5';
const owner = ageKeygen();

describe('the agent with SOPS-encrypted secrets and signed-commit verification', () => {
  let dir: string;
  let agent: Agent;
  let kube: KubernetesTarget;
  const logs: string[] = [];
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  let appsDir: string;

  const writeApp = (name: string, repo: string, ns: string, source: Record<string, unknown>) =>
    writeFileSync(
      path.join(appsDir, `${name}.yaml`),
      stringify({
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: { name },
        spec: {
          source: { repoURL: repo, targetRevision: 'main', path: 'manifests', interval: '1h', ...source },
          destination: { namespace: ns },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      }),
    );

  before(async () => {
    process.env.SOPS_AGE_KEY = owner.identity; // the agent's environment holds the key
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-secrets-agent-'));
    appsDir = path.join(dir, 'apps');
    mkdirSync(appsDir);
    agent = createAgent({
      dataDir: path.join(dir, 'data'),
      apps: [appsDir],
      apiPort: 0,
      concurrency: 2,
      kubeconfig: testKubeconfigPath(),
      appsRescanMs: 200,
      log: pino({ level: 'debug' }, { write: (line: string) => logs.push(line) }),
    });
    await agent.start();
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  });

  after(async () => {
    await agent.stop(10_000);
    for (const ns of namespaces) await deleteNamespace(kube, ns);
    kube.close();
    for (const r of repos) r.remove();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.SOPS_AGE_KEY;
  });

  test('an encrypted Secret is applied decrypted; its plaintext is in no log, API answer or stored byte', async () => {
    const ns = uniqueName('sops');
    namespaces.push(ns);
    const name = uniqueName('sops-app');
    const secret = await writeSopsFile({
      format: 'yaml',
      documents: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: PASSWORD } }],
      groups: [[ageCliWrapper(owner.recipient)]],
      rule: { kind: 'encrypted_regex', value: '^(data|stringData)$' },
    });
    const repo = createTestRepo({
      'manifests/secret.sops.yaml': Buffer.from(secret).toString(),
      'manifests/cm.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } }),
    });
    repos.push(repo);
    writeApp(name, repo.dir, ns, { decryption: { provider: 'sops' } });
    await eventually(
      'the decrypted Secret in the cluster',
      async () => (await getObject(kube, `/api/v1/namespaces/${ns}/secrets/db`))?.data,
      30_000,
    ).then((data) => assert.equal(Buffer.from((data as Record<string, string>).password, 'base64').toString(), PASSWORD));
    await eventually('the sync recorded', async () => (await agent.control.history(name))?.[0]?.result === 'Succeeded');

    const token = ensureApiToken(path.join(dir, 'data'));
    const answers: string[] = [];
    for (const route of [`/api/v1/apps`, `/api/v1/apps/${name}`, `/api/v1/apps/${name}/history`, `/api/v1/audit`]) {
      const res = await fetch(`${agent.url()}${route}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, route);
      answers.push(await res.text());
    }
    const plain = [PASSWORD, Buffer.from(PASSWORD).toString('base64')];
    for (const text of [
      ...answers,
      logs.join('\n'),
      JSON.stringify(await agent.control.history(name)),
      JSON.stringify(await agent.control.audit({ limit: 100 })),
    ])
      for (const p of plain) assert.ok(!text.includes(p), `found a decrypted value in: ${text.slice(0, 200)}`);
    for (const file of filesUnder(path.join(dir, 'data'))) {
      const bytes = readFileSync(file);
      for (const p of plain) assert.equal(bytes.indexOf(p), -1, `found a decrypted value in ${file}`);
    }
  });

  test('an encrypted file in an app without decryption fails the sync and applies nothing', async () => {
    const ns = uniqueName('nodec');
    namespaces.push(ns);
    const name = uniqueName('nodec-app');
    const secret = await writeSopsFile({
      format: 'yaml',
      documents: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: PASSWORD } }],
      groups: [[ageCliWrapper(owner.recipient)]],
    });
    const repo = createTestRepo({
      'manifests/secret.yaml': Buffer.from(secret).toString(),
      'manifests/cm.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } }),
    });
    repos.push(repo);
    writeApp(name, repo.dir, ns, {});
    const failed = await eventually(
      'the failed sync',
      async () => (await agent.control.history(name))?.find((h) => h.result === 'Failed'),
      30_000,
    );
    assert.match(failed.message ?? '', /is SOPS-encrypted but the app has no spec\.source\.decryption/);
    assert.equal(await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/cfg`), undefined, 'nothing of the app was applied');
  });

  test('an app that verifies signatures applies a signed commit, then refuses an unsigned one: the live state stays as it was', async () => {
    const ns = uniqueName('verify');
    namespaces.push(ns);
    const name = uniqueName('verify-app');
    const signer = makeSshSigner(dir, 'release', 'ed25519');
    const cm = (value: string) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: value } });
    const repo = createTestRepo({});
    repos.push(repo);
    const commit = (value: string, signed: boolean) => {
      writeFileSync(path.join(repo.dir, 'manifests', 'cm.yaml'), cm(value));
      const git = (...args: string[]) =>
        execFileSync('git', args, { cwd: repo.dir, env: { ...process.env, ...TEST_GIT_ENV } })
          .toString()
          .trim();
      git('add', '-A');
      git(...(signed ? signer.gitConfig : []), 'commit', '-q', ...(signed ? ['-S'] : []), '-m', `a=${value}`);
      return git('rev-parse', 'HEAD');
    };
    mkdirSync(path.join(repo.dir, 'manifests'));
    commit('1', true);
    writeApp(name, repo.dir, ns, { interval: '2s', verify: { mode: 'HEAD', keys: { ssh: [signer.publicKey] } } });
    await eventually(
      'the signed commit applied',
      async () =>
        ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/cfg`))?.data as Record<string, string> | undefined)?.a === '1',
      30_000,
    );
    const unsigned = commit('2', false);
    // Polled every 2 s: the new commit is seen, refused before rendering, and the app shows why.
    const condition = await eventually(
      'the refused revision',
      async () =>
        (await agent.control.getApp(name))?.status?.conditions.find((c) => c.message.includes(`commit ${unsigned} is not signed`)),
      30_000,
    );
    assert.equal(condition.type, 'VerificationFailed');
    const refused = (await agent.control.audit({ app: name, limit: 50 })).filter((e) => e.action === 'revision.refused');
    assert.equal(refused.length, 1, 'recorded once, not at every retry');
    assert.equal(refused[0].detail.revision, unsigned);
    assert.ok(!(await agent.control.history(name))?.some((h) => h.revision.sha === unsigned && h.result === 'Succeeded'));
    const live = await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/cfg`);
    assert.equal((live?.data as Record<string, string> | undefined)?.a, '1', 'the live state stays as it was');
  });
});

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const full = path.join(root, name);
    const info = statSync(full);
    if (info.isDirectory()) out.push(...filesUnder(full));
    else if (info.isFile()) out.push(full);
  }
  return out;
}
