/**
 * Private keys a SOPS decryption may use. Key material stays inside the decryptor: it is never
 * logged, never put in an error, never stored.
 */
export interface SopsKeys {
  /** age identities, one per entry: `AGE-SECRET-KEY-1...` (or `AGE-SECRET-KEY-PQ-1...`). */
  age: string[];
  /** OpenPGP private keys, armored (`-----BEGIN PGP PRIVATE KEY BLOCK-----`), without a passphrase. */
  pgp: string[];
  /** Where the keys came from (file names, variable names: never their content), for messages. */
  origins: string[];
}

/**
 * Where the keys come from: the agent's environment and files (`createEnvKeySource`), or in-cluster a
 * Secret the app names (`spec.source.decryption.secretRef`, read as Flux reads it: `*.agekey` entries
 * hold age identities, `*.asc` entries armored OpenPGP keys).
 */
export interface SopsKeySource {
  load(): Promise<SopsKeys>;
}

/** Splits the text of an age identity file (comments and blank lines allowed) into identities. */
export function parseAgeIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Splits a file that may hold several armored OpenPGP private key blocks. */
export function splitArmoredKeys(text: string): string[] {
  return [...text.matchAll(/-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----/g)].map((m) => m[0]);
}
