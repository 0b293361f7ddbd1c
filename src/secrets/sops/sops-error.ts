import { TidewayError } from '../../core/errors.js';

/**
 * A SOPS file could not be decrypted: no key for it, a value or the MAC that does not authenticate,
 * a file that is not a valid SOPS file. Names the file (and the value's path when there is one);
 * never holds a plaintext value nor key material.
 */
export class SopsError extends TidewayError {
  readonly file: string;
  readonly path?: string;
  constructor(file: string, message: string, options?: { path?: string; cause?: unknown }) {
    super('DecryptionFailed', `${file}: ${options?.path ? `${options.path}: ` : ''}${message}`, { cause: options?.cause });
    this.file = file;
    this.path = options?.path;
  }
}
