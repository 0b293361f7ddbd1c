import { TidewayError, type ErrorCode } from '../core/errors.js';

/** The store cannot be opened or used: bad options, a closed store, a database from a newer Tideway. */
export class StoreError extends TidewayError {
  constructor(message: string, options?: { code?: ErrorCode; cause?: unknown }) {
    super(options?.code ?? 'Internal', message, { cause: options?.cause });
  }
}
