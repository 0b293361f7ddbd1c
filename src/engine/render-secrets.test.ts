import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import { maskSecretPair } from '../core/diff/mask-secrets.js';
import { TidewayError } from '../core/errors.js';
import { maskSensitive } from '../core/secrets/sensitive-values.js';
import { VerificationFailed } from '../core/verification/verification-failed.js';
import { createRenderer } from '../render/select-renderer.js';
import { createEnvKeySource } from '../secrets/sops/env-key-source.js';
import { ageCliWrapper, writeSopsFile } from '../secrets/sops/testing/sops-writer.js';
import { ageKeygen } from '../secrets/sops/testing/test-keys.js';
import { createGitSource } from '../source/git/index.js';
import { renderApplication } from './render-app.js';

const PASSWORD = 'correct-horse-battery-staple';
const TOKEN = 'tok-3f9a1c77e2';
const owner = ageKeygen();
const stranger = ageKeygen();
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-secrets-'));
const source = createGitSource({ cacheDir });
const keys = (who = owner) => createEnvKeySource({ env: { SOPS_AGE_KEY: who.identity } });
let repo: TestRepo;

const secretDoc = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  stringData: { password: PASSWORD, url: `postgres://app:${PASSWORD}@db:5432/app` },
};

function appFor(sourcePath: string, extra: Record<string, unknown> = {}) {
  return resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'secrets' },
    spec: { source: { repoURL: repo.dir, path: sourcePath, ...extra }, destination: { namespace: 'default' } },
  });
}
const decryption = { decryption: { provider: 'sops' } };

before(async () => {
  const encrypted = async (format: 'yaml' | 'dotenv', doc: Record<string, unknown>) =>
    Buffer.from(
      await writeSopsFile({
        format,
        documents: [doc],
        groups: [[ageCliWrapper(owner.recipient)]],
        ...(format === 'yaml' && { rule: { kind: 'encrypted_regex' as const, value: '^(data|stringData)$' } }),
      }),
    ).toString();
  repo = createTestRepo({
    'plain/secret.sops.yaml': await encrypted('yaml', secretDoc),
    'plain/config.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { mode: 'prod' } }),
    'kust/kustomization.yaml': stringify({
      resources: ['secret.sops.yaml'],
      secretGenerator: [{ name: 'api', envs: ['api.env'] }],
      generatorOptions: { disableNameSuffixHash: true },
    }),
    'kust/secret.sops.yaml': await encrypted('yaml', secretDoc),
    'kust/api.env': await encrypted('dotenv', { TOKEN }),
  });
});

after(async () => {
  await source.close();
  repo.remove();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('rendering an app with spec.source.decryption (SOPS)', () => {
  test('a plain directory: the Secret is decrypted, other files are untouched, decrypted values are marked', async () => {
    const rendered = await renderApplication({ source, renderer: createRenderer(), sopsKeys: keys() }, appFor('plain', decryption));
    const secret = rendered.objects.find((o) => o.kind === 'Secret')!;
    assert.deepEqual(secret.stringData, secretDoc.stringData);
    assert.equal(secret.sops, undefined, 'the sops metadata is gone');
    assert.deepEqual(rendered.objects.find((o) => o.kind === 'ConfigMap')!.data, { mode: 'prod' });
    assert.ok(rendered.sensitive?.exact.has(PASSWORD));
    const shown = JSON.stringify(maskSensitive(rendered.objects, rendered.sensitive));
    assert.ok(!shown.includes(PASSWORD), 'masked output holds no decrypted value, even inside a longer string');
    assert.ok(shown.includes('prod'), 'values that were not encrypted stay visible');
  });

  test('a kustomization (rendered from a private copy): a resource and a secretGenerator env file are decrypted; the copy is removed', async () => {
    const before = readdirSync(os.tmpdir()).filter((n) => n.startsWith('sops-')).length;
    const rendered = await renderApplication({ source, renderer: createRenderer(), sopsKeys: keys() }, appFor('kust', decryption));
    const api = rendered.objects.find((o) => o.metadata.name === 'api')!;
    assert.equal(Buffer.from((api.data as Record<string, string>).TOKEN, 'base64').toString(), TOKEN);
    assert.deepEqual(rendered.objects.find((o) => o.metadata.name === 'db')!.stringData, secretDoc.stringData);
    assert.equal(readdirSync(os.tmpdir()).filter((n) => n.startsWith('sops-')).length, before, 'no decrypted copy left behind');
    const shown = JSON.stringify(maskSensitive(rendered.objects, rendered.sensitive));
    assert.ok(!shown.includes(TOKEN) && !shown.includes(Buffer.from(TOKEN).toString('base64')), 'generated values are masked too');
  });

  test('without spec.source.decryption an encrypted file fails the app, naming the file; ciphertext is never returned', async () => {
    for (const p of ['plain', 'kust']) {
      await assert.rejects(renderApplication({ source, renderer: createRenderer() }, appFor(p)), (err: unknown) => {
        assert.ok(err instanceof TidewayError && err.code === 'DecryptionFailed', String(err));
        assert.match(err.message, /is SOPS-encrypted but the app has no spec\.source\.decryption/);
        assert.match(err.message, p === 'plain' ? /^plain\/secret\.sops\.yaml(:\d+)?: Secret\/db/ : /(Secret\/db|Secret\/api)/);
        return true;
      });
    }
  });

  test('with a key that is not a recipient the app fails, naming the file and the recipient, never a value or a key', async () => {
    await assert.rejects(
      renderApplication({ source, renderer: createRenderer(), sopsKeys: keys(stranger) }, appFor('plain', decryption)),
      (err: unknown) => {
        assert.ok(err instanceof TidewayError && err.code === 'DecryptionFailed');
        assert.match(err.message, /^plain\/secret\.sops\.yaml: no key can decrypt the data key/);
        assert.ok(err.message.includes(owner.recipient));
        assert.ok(!err.message.includes(PASSWORD) && !err.message.includes('AGE-SECRET-KEY'));
        return true;
      },
    );
  });

  test('a diff masks decrypted values in any kind of object, on both sides', () => {
    const cm = (url: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { url } });
    const marks = { exact: new Set([PASSWORD]), embedded: [PASSWORD] };
    const [a, b] = maskSecretPair(cm(`x://${PASSWORD}@h`), cm('plain'), marks);
    assert.ok(!JSON.stringify(a).includes(PASSWORD));
    assert.deepEqual(b, cm('plain'));
    const [live, desired] = maskSecretPair(cm('old-secret-value'), cm(`x://${PASSWORD}@h`), marks);
    assert.deepEqual([live!.data, desired!.data], [{ url: '*** (decrypted, previous value) ***' }, { url: 'x://*** (decrypted) ***@h' }]);
  });
});

describe('tideway render -f app.yaml with decryption', () => {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  test('prints decrypted values masked, and in clear only with --show-secrets', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-cli-'));
    try {
      const appFile = path.join(dir, 'app.yaml');
      writeFileSync(appFile, stringify(appFor('plain', decryption).manifest));
      const env = { PATH: process.env.PATH, SOPS_AGE_KEY: owner.identity, TIDEWAY_CACHE_DIR: path.join(dir, 'cache') };
      const masked = spawnSync(process.execPath, [path.join(repoRoot, 'bin/tideway.js'), 'render', '-f', appFile], {
        encoding: 'utf8',
        env,
      });
      assert.equal(masked.status, 0, masked.stderr);
      assert.ok(!masked.stdout.includes(PASSWORD) && !masked.stderr.includes(PASSWORD), 'no plaintext on stdout or stderr');
      assert.match(masked.stdout, /password: ["']\*\*\* \(decrypted\) \*\*\*["']/);
      assert.match(masked.stderr, /masked \(--show-secrets prints them\)/);
      const shown = spawnSync(process.execPath, [path.join(repoRoot, 'bin/tideway.js'), 'render', '-f', appFile, '--show-secrets'], {
        encoding: 'utf8',
        env,
      });
      assert.equal(shown.status, 0, shown.stderr);
      assert.ok(shown.stdout.includes(PASSWORD));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rendering an app with spec.source.verify', () => {
  test('an unsigned commit is never rendered: VerificationFailed names the commit', async () => {
    const verify = {
      verify: { mode: 'HEAD', keys: { ssh: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2lTbSDKn6+fzHJoUO1XoZZmnm5DJxC0Ef5FBcKoPe3 x'] } },
    };
    let rendered = false;
    const renderer = createRenderer();
    const spy = { ...renderer, render: (...a: Parameters<typeof renderer.render>) => ((rendered = true), renderer.render(...a)) };
    await assert.rejects(renderApplication({ source, renderer: spy }, appFor('plain', verify)), (err: unknown) => {
      assert.ok(err instanceof VerificationFailed, String(err));
      assert.equal(err.commit, repo.head());
      assert.match(err.message, new RegExp(`^commit ${repo.head()} is not signed`));
      return true;
    });
    assert.equal(rendered, false);
  });
});
