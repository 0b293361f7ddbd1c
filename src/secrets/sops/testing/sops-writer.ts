import { spawnSync } from 'node:child_process';
import { type DataKeyWrapper, type EncryptSopsOptions, encryptSopsFile } from '../encrypt-file.js';

export type { DataKeyWrapper } from '../encrypt-file.js';

/** A SOPS file for tests (documents as plain values or trees), the data key wrapped by the wrappers below. */
export function writeSopsFile(options: EncryptSopsOptions): Promise<Uint8Array> {
  return encryptSopsFile(options);
}

/** Wraps the data key with Debian's `age` CLI for an age recipient. */
export function ageCliWrapper(recipient: string): DataKeyWrapper {
  return {
    kind: 'age',
    async wrap(secret) {
      const r = spawnSync('age', ['--encrypt', '--armor', '--recipient', recipient], { input: secret });
      if (r.status !== 0) throw new Error(`age failed: ${r.stderr}`);
      return { recipient, enc: r.stdout.toString() };
    },
  };
}

/** Wraps the data key with `gpg` for an OpenPGP public key in `homedir`. */
export function gpgWrapper(homedir: string, fingerprint: string): DataKeyWrapper {
  return {
    kind: 'pgp',
    async wrap(secret) {
      const r = spawnSync(
        'gpg',
        ['--homedir', homedir, '--batch', '--yes', '--trust-model', 'always', '--encrypt', '--armor', '-r', fingerprint],
        {
          input: secret,
        },
      );
      if (r.status !== 0) throw new Error(`gpg failed: ${r.stderr}`);
      return { created_at: '2025-01-01T00:00:00Z', enc: r.stdout.toString(), fp: fingerprint };
    },
  };
}
