import { celEnv, CelScalar, isCelError, parse, plan, type CelFunc, type CelInput, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { Budget, BudgetExceeded, withBudget, type CelLimits } from './cel-budget.js';
import { CelCompileError } from './cel-errors.js';
import { celInput } from './cel-values.js';
import { unresolvedReference } from './check-references.js';
import { k8sLists } from './k8s-lists.js';
import { k8sQuantity } from './k8s-quantity.js';
import { k8sUrls } from './k8s-url.js';

/** Expressions longer than this are refused at compile time (Kubernetes' own limit is 5 KiB per expression). */
export const MAX_EXPRESSION_LENGTH = 10 * 1024;

/** The outcome of one evaluation: a value, or an error (a runtime error, or the budget spent). */
export type CelOutcome = { ok: true; value: CelValue } | { ok: false; error: string };

/** A compiled expression: evaluate it as often as needed, each time with its own variables and budget. */
export interface CelProgram {
  readonly expression: string;
  /** Where the expression comes from, as errors name it. */
  readonly source: string;
  /**
   * Evaluates with these variables: plain JSON values (converted once per value and cached), or values
   * CEL made (a variable's result). A variable not given is null. Never throws.
   */
  evaluate(variables: Readonly<Record<string, unknown>>, limits?: CelLimits): CelOutcome;
}

export interface CelEnvironment {
  /** Compiles `expression`; throws CelCompileError naming `source` and the expression on a syntax error or an unknown name. */
  compile(expression: string, source: string): CelProgram;
}

export interface CelEnvironmentOptions {
  /** The variables expressions may read (all of dynamic type). */
  variables: readonly string[];
  /** Functions besides the standard ones, the string extensions and the Kubernetes list and URL libraries. */
  functions?: readonly CelFunc[];
}

/**
 * A CEL environment with the functions Kubernetes admission expressions use most: the standard
 * library (with `matches` on a linear-time RE2 engine), the string extensions (`lowerAscii`,
 * `upperAscii`, `split`, `join`, `replace`, `indexOf`, `trim`, ...), Kubernetes' list library (`isSorted`,
 * `sum`, `min`, `max`, `indexOf`, `lastIndexOf`), URL library (`url`, `isURL`, `getHost`, ...) and quantity
 * library (`quantity`, `isQuantity`, `isLessThan`, `add`, ...), and
 * the macros `has`, `all`, `exists`, `exists_one`, `map`, `filter`. The library (@bufbuild/cel) has no
 * optional types: `a.?b` and `optional.of` do not compile.
 */
export function createCelEnvironment(options: CelEnvironmentOptions): CelEnvironment {
  const declared = new Set(options.variables);
  const env = celEnv({
    funcs: [...strings, ...k8sLists, ...k8sUrls, ...k8sQuantity, ...(options.functions ?? [])],
    variables: Object.fromEntries(options.variables.map((name) => [name, CelScalar.DYN])),
  });
  const hasFunction = (name: string) => env.funcs.find(name) !== undefined;
  return {
    compile(expression, source) {
      if (typeof expression !== 'string' || expression.trim() === '')
        throw new CelCompileError(source, String(expression ?? ''), 'empty expression');
      if (expression.length > MAX_EXPRESSION_LENGTH)
        throw new CelCompileError(source, expression, `expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(expression);
      } catch (cause) {
        throw new CelCompileError(source, expression, syntaxProblem(cause), { cause });
      }
      const unresolved = unresolvedReference(parsed.expr, declared, hasFunction);
      if (unresolved) throw new CelCompileError(source, expression, unresolved);
      let run: (activation: Record<string, CelInput>) => unknown;
      try {
        run = plan(env, parsed);
      } catch (cause) {
        throw new CelCompileError(source, expression, cause instanceof RangeError ? 'expression nested too deeply' : String(cause), {
          cause,
        });
      }
      return {
        expression,
        source,
        evaluate(variables, limits) {
          const budget = new Budget(limits);
          const activation: Record<string, CelInput> = {};
          for (const name of declared) activation[name] = celInput(variables[name]);
          let result: unknown;
          try {
            result = withBudget(budget, () => run(activation));
          } catch (error) {
            if (budget.exceeded || error instanceof BudgetExceeded)
              return { ok: false, error: budget.exceeded ?? (error as Error).message };
            return { ok: false, error: error instanceof Error ? error.message : String(error) };
          }
          if (budget.exceeded) return { ok: false, error: budget.exceeded };
          if (isCelError(result)) return { ok: false, error: result.message };
          return { ok: true, value: result as CelValue };
        },
      };
    },
  };
}

function syntaxProblem(cause: unknown): string {
  if (cause instanceof RangeError) return 'expression nested too deeply';
  const message = cause instanceof Error ? cause.message : String(cause);
  return `syntax error: ${message.replace(/^<input>:/, 'at ')}`;
}
