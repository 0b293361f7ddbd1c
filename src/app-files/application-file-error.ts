import { ValidationError } from '../core/errors.js';

/** A ValidationError about an Application read from a file: the message starts with `file:` or `file:line:`. */
export class ApplicationFileError extends ValidationError {
  readonly file: string;
  readonly line?: number;
  constructor(where: { file: string; line?: number }, error: ValidationError) {
    super(error.field, '');
    this.file = where.file;
    this.line = where.line;
    this.message = `${where.file}${where.line === undefined ? '' : `:${where.line}`}: ${error.message}`;
  }
}
