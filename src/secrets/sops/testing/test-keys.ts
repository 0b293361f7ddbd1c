import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopGpgAgentAtExit } from '../../../../test/support/gpg-agent.js';

/** A fresh age identity from Debian's `age-keygen`: the secret key line and its recipient. */
export function ageKeygen(): { identity: string; recipient: string } {
  const r = spawnSync('age-keygen', [], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`age-keygen failed: ${r.stderr}`);
  const identity = r.stdout.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-'))!;
  const recipient = /public key: (age1\S+)/.exec(r.stderr + r.stdout)![1];
  return { identity, recipient };
}

/** A fresh OpenPGP key (no passphrase) in a temporary GNUPGHOME: its fingerprint and armored secret key. */
export function gpgKeygen(name = 'Tideway Test'): { homedir: string; fingerprint: string; armoredSecret: string } {
  const homedir = mkdtempSync(path.join(os.tmpdir(), 'tideway-gpg-'));
  stopGpgAgentAtExit(homedir);
  const gen = spawnSync(
    'gpg',
    [
      '--homedir',
      homedir,
      '--batch',
      '--passphrase',
      '',
      '--quick-gen-key',
      `${name} <test@example.com>`,
      'future-default',
      'default',
      'never',
    ],
    {
      encoding: 'utf8',
    },
  );
  if (gen.status !== 0) throw new Error(`gpg key generation failed: ${gen.stderr}`);
  const list = spawnSync('gpg', ['--homedir', homedir, '--batch', '--with-colons', '--list-secret-keys'], { encoding: 'utf8' });
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(list.stdout)![1];
  const exported = spawnSync('gpg', ['--homedir', homedir, '--batch', '--armor', '--export-secret-keys', fingerprint], {
    encoding: 'utf8',
  });
  return { homedir, fingerprint, armoredSecret: exported.stdout };
}
