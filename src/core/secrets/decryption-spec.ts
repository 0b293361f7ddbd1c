/** `spec.source.decryption`, validated: SOPS files under the app's path are decrypted before use. */
export interface DecryptionSpec {
  provider: 'sops';
  /** A Secret (in the app's namespace) holding the keys, as Flux reads it: `*.agekey` age identities, `*.asc` OpenPGP keys. */
  secretRef?: { name: string };
}
