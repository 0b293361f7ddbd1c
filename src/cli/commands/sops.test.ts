import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ageCliWrapper, writeSopsFile } from '../../secrets/sops/testing/sops-writer.js';
import { ageKeygen } from '../../secrets/sops/testing/test-keys.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(repo, 'bin/tideway.js');

function tideway(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

test('tideway sops decrypt prints the plaintext; a wrong key or a tampered file exits 1 with one line naming the file', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-sops-cli-'));
  const owner = ageKeygen();
  const stranger = ageKeygen();
  const file = path.join(dir, 'secret.env');
  writeFileSync(
    file,
    await writeSopsFile({ format: 'dotenv', documents: [{ TOKEN: 's3cr3t-value' }], groups: [[ageCliWrapper(owner.recipient)]] }),
  );
  const ownerKeys = path.join(dir, 'owner.txt');
  const strangerKeys = path.join(dir, 'stranger.txt');
  writeFileSync(ownerKeys, `# a comment\n${owner.identity}\n`);
  writeFileSync(strangerKeys, `${stranger.identity}\n`);

  const ok = tideway(['sops', 'decrypt', '--format', 'dotenv', '--age-key-file', ownerKeys, file]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'TOKEN=s3cr3t-value\n');

  const viaEnv = tideway(['sops', 'decrypt', file], { SOPS_AGE_KEY: owner.identity });
  assert.equal(viaEnv.status, 0, viaEnv.stderr);
  assert.equal(viaEnv.stdout, 'TOKEN=s3cr3t-value\n');

  const wrong = tideway(['sops', 'decrypt', '--format', 'dotenv', '--age-key-file', strangerKeys, file]);
  assert.equal(wrong.status, 1);
  assert.equal(wrong.stdout, '');
  assert.match(
    wrong.stderr,
    new RegExp(`^tideway sops: ${file.replaceAll('/', '\\/')}: no key can decrypt the data key: .*${owner.recipient}.*\\n$`),
  );
  assert.doesNotMatch(wrong.stderr, /AGE-SECRET-KEY|s3cr3t/);
  assert.ok(existsSync(file));
});

test('tideway sops encrypt writes a file that decrypt reads back, whose data key Debian age decrypts, and refuses to encrypt twice', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-sops-enc-'));
  const owner = ageKeygen();
  const keyFile = path.join(dir, 'key.txt');
  writeFileSync(keyFile, `${owner.identity}\n`);
  const plain = path.join(dir, 'secret.yaml');
  writeFileSync(plain, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: pa55-word-xyz\n');
  const enc = tideway(['sops', 'encrypt', '--age', owner.recipient, '--encrypted-regex', '^(data|stringData)$', plain]);
  assert.equal(enc.status, 0, enc.stderr);
  assert.ok(!enc.stdout.includes('pa55-word-xyz'));
  assert.match(enc.stdout, /name: db/, 'metadata stays readable');
  const encrypted = path.join(dir, 'secret.enc.yaml');
  writeFileSync(encrypted, enc.stdout);
  const dec = tideway(['sops', 'decrypt', '--age-key-file', keyFile, encrypted]);
  assert.equal(dec.status, 0, dec.stderr);
  assert.match(dec.stdout, /password: pa55-word-xyz/);
  const armored = /enc: \|\n((?:\s+.*\n)+?)\s+lastmodified/.exec(enc.stdout)?.[1].replace(/^\s+/gm, '') ?? '';
  const age = spawnSync('age', ['--decrypt', '--identity', keyFile], { input: armored });
  assert.equal(age.status, 0, age.stderr.toString());
  assert.equal(age.stdout.length, 32, 'the data key is 32 bytes');
  const again = tideway(['sops', 'encrypt', '--age', owner.recipient, encrypted]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /is already SOPS-encrypted/);
});
