import { ValidationError } from '../errors.js';

/**
 * Several validation errors found in one pass, reported together: `field` is the first field,
 * the message has one `field: problem` line per error, in the order they were found.
 */
export class ValidationErrorList extends ValidationError {
  readonly errors: readonly ValidationError[];
  constructor(errors: readonly ValidationError[]) {
    const first = errors[0] ?? new ValidationError('(input)', 'is invalid');
    super(first.field, '');
    this.message = (errors.length ? errors : [first]).map((e) => e.message).join('\n');
    this.errors = errors.length ? errors : [first];
  }
}

/** Collects validation problems so that one pass reports all of them, not only the first. */
export class ValidationProblems {
  readonly errors: ValidationError[] = [];

  add(field: string, message: string): void {
    this.errors.push(new ValidationError(field, message));
  }

  /** Runs `check`; a ValidationError it throws is recorded (flattened if it is a list), anything else propagates. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (error instanceof ValidationErrorList) this.errors.push(...error.errors);
      else if (error instanceof ValidationError) this.errors.push(error);
      else throw error;
      return undefined;
    }
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(): void {
    if (this.errors.length) throw new ValidationErrorList(this.errors);
  }
}
