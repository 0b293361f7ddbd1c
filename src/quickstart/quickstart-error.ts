import { TidewayError, type ErrorCode } from '../core/errors.js';

/** Why `tideway up` cannot start or keep the quickstart going; the message is one line for the terminal. */
export class QuickstartError extends TidewayError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
