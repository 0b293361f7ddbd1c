import { parseAgeIdentities, splitArmoredKeys, type SopsKeys, type SopsKeySource } from './sops/key-source.js';

/** Reads one Secret's data, decoded, from where the agent runs (Kubernetes: the API server). */
export type SecretReader = (namespace: string, name: string) => Promise<Record<string, string>>;

/** The namespace of the Secrets apps name for their keys (`secretRef`): TIDEWAY_NAMESPACE, else tideway-system. */
export function keySecretNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.TIDEWAY_NAMESPACE || 'tideway-system';
}

/**
 * SOPS keys from a Secret, read as Flux reads its decryption Secret: entries named `*.agekey` hold
 * age identities, `*.asc` armored OpenPGP private keys; then the keys of `fallback` (the environment).
 * Read at each load, so a rotated Secret is picked up.
 */
export function createSecretKeySource(read: SecretReader, namespace: string, name: string, fallback?: SopsKeySource): SopsKeySource {
  return {
    async load(): Promise<SopsKeys> {
      const data = await read(namespace, name);
      const keys: SopsKeys = { age: [], pgp: [], origins: [] };
      for (const [entry, text] of Object.entries(data)) {
        if (entry.endsWith('.agekey')) keys.age.push(...parseAgeIdentities(text));
        else if (entry.endsWith('.asc')) keys.pgp.push(...splitArmoredKeys(text));
        else continue;
        keys.origins.push(`Secret ${namespace}/${name} (${entry})`);
      }
      if (keys.origins.length === 0)
        throw new Error(`Secret ${namespace}/${name} holds no *.agekey or *.asc entry (age identities, OpenPGP private keys)`);
      if (fallback) {
        const more = await fallback.load();
        keys.age.push(...more.age);
        keys.pgp.push(...more.pgp);
        keys.origins.push(...more.origins);
      }
      return keys;
    },
  };
}

/**
 * Commit-verification public keys from a Secret: entries with an armored OpenPGP public key block are
 * OpenPGP keys; `*.pub` entries (and other entries of `ssh-...` lines) are SSH keys, one per line.
 */
export async function readVerifyKeySecret(read: SecretReader, namespace: string, name: string): Promise<{ gpg: string[]; ssh: string[] }> {
  const data = await read(namespace, name);
  const out = { gpg: [] as string[], ssh: [] as string[] };
  for (const text of Object.values(data)) {
    const blocks = [...text.matchAll(/-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g)].map((m) => m[0]);
    if (blocks.length > 0) {
      out.gpg.push(...blocks);
      continue;
    }
    for (const line of text.split(/\r?\n/)) if (/^\s*(ssh-|ecdsa-|sk-)/.test(line)) out.ssh.push(line.trim());
  }
  if (out.gpg.length === 0 && out.ssh.length === 0)
    throw new Error(`Secret ${namespace}/${name} holds no OpenPGP public key block nor SSH public key line`);
  return out;
}
