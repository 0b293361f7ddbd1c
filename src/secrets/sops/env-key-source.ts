import { readFile } from 'node:fs/promises';
import { parseAgeIdentities, splitArmoredKeys, type SopsKeys, type SopsKeySource } from './key-source.js';

/** The variables the environment key source reads (the age ones as the sops CLI names them). */
export const SOPS_KEY_VARIABLES = {
  /** age identities, inline. */
  ageKey: 'SOPS_AGE_KEY',
  /** A file of age identities. */
  ageKeyFile: 'SOPS_AGE_KEY_FILE',
  /** A file of armored OpenPGP private keys (Tideway's own name: sops itself asks gpg). */
  pgpKeyFile: 'TIDEWAY_SOPS_PGP_KEY_FILE',
} as const;

const MAX_KEY_FILE_BYTES = 1024 * 1024;

export interface EnvKeySourceOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra files: age identity files and armored OpenPGP key files (the CLI's --age-key-file, --pgp-key-file). */
  ageKeyFiles?: string[];
  pgpKeyFiles?: string[];
}

/**
 * Keys from the agent's environment (`SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`, `TIDEWAY_SOPS_PGP_KEY_FILE`)
 * and from files, read at each load so that rotated keys are picked up.
 */
export function createEnvKeySource(options: EnvKeySourceOptions = {}): SopsKeySource {
  return {
    async load(): Promise<SopsKeys> {
      const env = options.env ?? process.env;
      const keys: SopsKeys = { age: [], pgp: [], origins: [] };
      const inline = env[SOPS_KEY_VARIABLES.ageKey];
      if (inline) {
        keys.age.push(...parseAgeIdentities(inline));
        keys.origins.push(SOPS_KEY_VARIABLES.ageKey);
      }
      const ageFiles = [...(options.ageKeyFiles ?? [])];
      const envAgeFile = env[SOPS_KEY_VARIABLES.ageKeyFile];
      if (envAgeFile) ageFiles.push(envAgeFile);
      for (const file of ageFiles) {
        keys.age.push(...parseAgeIdentities(await readKeyFile(file)));
        keys.origins.push(file);
      }
      const pgpFiles = [...(options.pgpKeyFiles ?? [])];
      const envPgpFile = env[SOPS_KEY_VARIABLES.pgpKeyFile];
      if (envPgpFile) pgpFiles.push(envPgpFile);
      for (const file of pgpFiles) {
        keys.pgp.push(...splitArmoredKeys(await readKeyFile(file)));
        keys.origins.push(file);
      }
      return keys;
    },
  };
}

async function readKeyFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`cannot read the key file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) throw new Error(`the key file ${file} is over ${MAX_KEY_FILE_BYTES} bytes`);
  return bytes.toString('utf8');
}
