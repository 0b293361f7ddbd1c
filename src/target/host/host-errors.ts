import { TidewayError } from '../../core/errors.js';

/**
 * Per-object refusals of the host target. They are caught and turned into `failed` change-set entries
 * whose `reason` is the error's `reason`; they never abort a whole apply.
 */
export type HostRefusal = 'UnsafePath' | 'NotOwned' | 'SharedResource' | 'OwnedElsewhere' | 'Conflict' | 'Exists' | 'NotAllowed';

/** A path in a host object would leave the managed root; names the field. */
export class UnsafeHostPathError extends TidewayError {
  readonly field: string;
  readonly reason: HostRefusal = 'UnsafePath';
  constructor(field: string, message: string) {
    super('UnsafePath', `${field}: ${message}`);
    this.field = field;
  }
}

/** The object belongs to another app, or its path is taken (by another File, or a file Tideway did not write). */
export class HostConflictError extends TidewayError {
  readonly reason: HostRefusal;
  readonly field?: string;
  constructor(reason: Exclude<HostRefusal, 'UnsafePath' | 'NotAllowed'>, message: string, field?: string) {
    super('Conflict', field ? `${field}: ${message}` : message);
    this.reason = reason;
    this.field = field;
  }
}

/** A Service asks for what this host target does not allow (service-guards.ts): loader variables, remote probes. */
export class HostNotAllowedError extends TidewayError {
  readonly reason: HostRefusal = 'NotAllowed';
  constructor(message: string) {
    super('PolicyDenied', message);
  }
}

/** The reason to put on a change-set entry for an error thrown while handling one object. */
export function reasonOf(error: unknown): string {
  if (error instanceof UnsafeHostPathError || error instanceof HostConflictError || error instanceof HostNotAllowedError)
    return error.reason;
  if (error instanceof TidewayError) return error.code;
  return 'Failed';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
