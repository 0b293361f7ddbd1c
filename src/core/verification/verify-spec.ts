/** What `spec.source.verify.mode` may be, as in Flux's GitRepository: the commit, the tag, or both. */
export type VerifyMode = 'HEAD' | 'Tag' | 'TagAndHEAD';

export const VERIFY_MODES: readonly VerifyMode[] = ['HEAD', 'Tag', 'TagAndHEAD'];

/** The keys a signature must come from: inline, from files the agent reads, or (in-cluster) a Secret. */
export interface VerifyKeys {
  /** Armored OpenPGP public keys (`-----BEGIN PGP PUBLIC KEY BLOCK-----`). */
  gpg: string[];
  /** SSH public keys, one per entry (`ssh-ed25519 AAAA... comment`). */
  ssh: string[];
  /** Files of armored OpenPGP public keys. */
  gpgFiles: string[];
  /** Files of SSH public keys (one per line, `#` comments, as an authorized_keys file). */
  sshFiles: string[];
  /** A Secret in the app's namespace holding keys (`*.asc`, `*.pub`): read by the in-cluster controller. */
  secretRef?: { name: string };
}

/** `spec.source.verify`, validated. */
export interface VerifySpec {
  mode: VerifyMode;
  keys: VerifyKeys;
}
