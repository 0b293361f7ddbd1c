import { TidewayError } from '../errors.js';
import type { SignatureCheck } from './signature-check.js';
import type { VerifyMode } from './verify-spec.js';

/**
 * A revision whose signatures do not satisfy the app's `spec.source.verify`: it must never be rendered
 * nor applied. Names the commit, the tag (when the mode needs one) and the signer found.
 */
export class VerificationFailed extends TidewayError {
  readonly commit: string;
  readonly mode: VerifyMode;
  readonly checks: readonly SignatureCheck[];
  /** The signer of the failing object, when it had a signature. */
  readonly signer?: string;
  constructor(message: string, where: { commit: string; mode: VerifyMode; checks: readonly SignatureCheck[]; signer?: string }) {
    super('VerificationFailed', message);
    this.commit = where.commit;
    this.mode = where.mode;
    this.checks = where.checks;
    this.signer = where.signer;
  }
}
