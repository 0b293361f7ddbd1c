import { TidewayError } from '../core/errors.js';

/**
 * The command line was called wrongly (unknown command or flag, missing or extra argument, a flag
 * value that is not allowed): exit status 2, tagged `[Usage]`, with a pointer to the command's help.
 */
export class UsageError extends TidewayError {
  /** The command whose help to point at, when known. */
  readonly command?: string;
  constructor(message: string, options: { command?: string; cause?: unknown } = {}) {
    super('Usage', message, { cause: options.cause });
    this.command = options.command;
  }
}
