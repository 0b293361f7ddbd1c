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
