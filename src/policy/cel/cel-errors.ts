import { TidewayError } from '../../core/errors.js';

/**
 * An expression that does not compile: a syntax error, an unknown variable or function. `source` names
 * where the expression sits (`ValidatingAdmissionPolicy/no-latest spec.validations[0].expression`).
 */
export class CelCompileError extends TidewayError {
  readonly source: string;
  readonly expression: string;
  constructor(source: string, expression: string, problem: string, options?: { cause?: unknown }) {
    super('InvalidPolicy', `${source}: ${problem} in ${JSON.stringify(shorten(expression))}`, options);
    this.source = source;
    this.expression = expression;
  }
}

/** Expressions are quoted in messages up to this length. */
const QUOTE_LIMIT = 200;

function shorten(expression: string): string {
  return expression.length > QUOTE_LIMIT ? `${expression.slice(0, QUOTE_LIMIT)}...` : expression;
}
