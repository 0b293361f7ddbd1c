export { VerificationFailed } from '../../../core/verification/verification-failed.js';
export { loadTrustedKeys, TrustedKeyError, type TrustedKeys } from './trusted-keys.js';
export { verifyRevision, type VerifiedRevision, type VerifyRevisionInput } from './verify-revision.js';
