import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSecretKeySource, keySecretNamespace, readVerifyKeySecret } from './key-secret.js';

const secrets: Record<string, Record<string, string>> = {
  'ns/sops': {
    'a.agekey': '# comment\nAGE-SECRET-KEY-1AAA\n',
    'b.asc': '-----BEGIN PGP PRIVATE KEY BLOCK-----\nx\n-----END PGP PRIVATE KEY BLOCK-----\n',
    other: 'ignored',
  },
  'ns/empty': { readme: 'nothing here' },
  'ns/verify': {
    'team.asc': '-----BEGIN PGP PUBLIC KEY BLOCK-----\nk\n-----END PGP PUBLIC KEY BLOCK-----\n',
    'ci.pub': 'ssh-ed25519 AAAAC3 ci@example\n# a comment\necdsa-sha2-nistp256 AAAAE2 ops\n',
  },
};
const read = async (namespace: string, name: string) => {
  const data = secrets[`${namespace}/${name}`];
  if (!data) throw new Error(`Secret ${namespace}/${name} not found`);
  return data;
};

describe('keys read from a Secret', () => {
  test('SOPS keys: *.agekey entries are age identities, *.asc entries OpenPGP keys, others ignored; origins name entries, never values', async () => {
    const keys = await createSecretKeySource(read, 'ns', 'sops').load();
    assert.deepEqual(keys.age, ['AGE-SECRET-KEY-1AAA']);
    assert.equal(keys.pgp.length, 1);
    assert.deepEqual(keys.origins, ['Secret ns/sops (a.agekey)', 'Secret ns/sops (b.asc)']);
  });
  test('a Secret without key entries is an error naming what it should hold', async () =>
    assert.rejects(createSecretKeySource(read, 'ns', 'empty').load(), /holds no \*\.agekey or \*\.asc entry/));
  test('the environment keys come after the Secret keys', async () => {
    const fallback = { load: async () => ({ age: ['AGE-SECRET-KEY-1ENV'], pgp: [], origins: ['SOPS_AGE_KEY'] }) };
    assert.deepEqual((await createSecretKeySource(read, 'ns', 'sops', fallback).load()).age, [
      'AGE-SECRET-KEY-1AAA',
      'AGE-SECRET-KEY-1ENV',
    ]);
  });
  test('verification keys: armored OpenPGP public keys and SSH key lines', async () => {
    const keys = await readVerifyKeySecret(read, 'ns', 'verify');
    assert.equal(keys.gpg.length, 1);
    assert.deepEqual(keys.ssh, ['ssh-ed25519 AAAAC3 ci@example', 'ecdsa-sha2-nistp256 AAAAE2 ops']);
  });
  test('a missing Secret is an error naming it', async () =>
    assert.rejects(readVerifyKeySecret(read, 'ns', 'nope'), /Secret ns\/nope not found/));
  test('the key Secrets live in TIDEWAY_NAMESPACE, else tideway-system', () => {
    assert.equal(keySecretNamespace({}), 'tideway-system');
    assert.equal(keySecretNamespace({ TIDEWAY_NAMESPACE: 'gitops' }), 'gitops');
  });
});
