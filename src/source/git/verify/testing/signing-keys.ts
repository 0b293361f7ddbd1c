import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stopGpgAgentAtExit } from '../../../../../test/support/gpg-agent.js';

/** Test support: signing keys made with the real tools, and git config that signs with them. */
export interface GpgSigner {
  kind: 'gpg';
  homedir: string;
  fingerprint: string;
  publicKey: string;
  /** git -c options and environment that make `commit -S` / `tag -s` sign with this key. */
  gitConfig: string[];
  env: Record<string, string>;
}

export interface SshSigner {
  kind: 'ssh';
  privateKeyFile: string;
  publicKey: string;
  gitConfig: string[];
  env: Record<string, string>;
}

export type Signer = GpgSigner | SshSigner;

export function makeGpgSigner(dir: string, name: string): GpgSigner {
  const homedir = path.join(dir, `gnupg-${name}`);
  mkdirSync(homedir, { recursive: true, mode: 0o700 });
  stopGpgAgentAtExit(homedir);
  const gen = spawnSync(
    'gpg',
    ['--homedir', homedir, '--batch', '--passphrase', '', '--quick-gen-key', `${name} <${name}@example.com>`, 'ed25519', 'sign', 'never'],
    {
      encoding: 'utf8',
    },
  );
  if (gen.status !== 0) throw new Error(`gpg: ${gen.stderr}`);
  const list = execFileSync('gpg', ['--homedir', homedir, '--batch', '--with-colons', '--list-secret-keys'], { encoding: 'utf8' });
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(list)![1];
  const publicKey = execFileSync('gpg', ['--homedir', homedir, '--batch', '--armor', '--export', fingerprint], { encoding: 'utf8' });
  return {
    kind: 'gpg',
    homedir,
    fingerprint,
    publicKey,
    gitConfig: ['-c', 'gpg.format=openpgp', '-c', `user.signingkey=${fingerprint}`],
    env: { GNUPGHOME: homedir },
  };
}

/** An SSH key of the given type (`ed25519`, `ecdsa` with bits 256/384/521, `rsa`), made with ssh-keygen. */
export function makeSshSigner(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa', bits?: number): SshSigner {
  const file = path.join(dir, `ssh-${name}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', name, '-f', file]);
  return {
    kind: 'ssh',
    privateKeyFile: file,
    publicKey: readFileSync(`${file}.pub`, 'utf8').trim(),
    gitConfig: ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${file}`],
    env: {},
  };
}
