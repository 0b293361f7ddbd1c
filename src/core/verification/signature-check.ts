/** The outcome of checking one signed object (a commit or an annotated tag) against the allowed keys. */
export interface SignatureCheck {
  object: 'commit' | 'tag';
  /** The object's id (commit SHA, or the tag object's SHA) and, for a tag, its name. */
  id: string;
  tagName?: string;
  /**
   * `valid`: signed by an allowed key; `unsigned`: no signature; `untrusted`: a good signature by a key
   * not allowed; `bad`: a signature that does not verify (tampered object, corrupt signature);
   * `unsupported`: a signature kind or key type Tideway cannot check.
   */
  status: 'valid' | 'unsigned' | 'untrusted' | 'bad' | 'unsupported';
  format?: 'gpg' | 'ssh';
  /** Who signed, as found in the signature: OpenPGP key id / fingerprint, or SSH key fingerprint (SHA256:...). */
  signer?: string;
  /** Why it is not valid, in words (never key material). */
  reason?: string;
}
