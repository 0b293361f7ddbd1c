/**
 * Health checks written as CEL expressions, in Flux's shape (kustomize-controller's
 * `healthCheckExprs`): for objects of an `apiVersion`'s group and a `kind`, the expressions
 * `inProgress`, `failed` and `current` are evaluated in that order and the first that is true decides:
 * Progressing, Degraded, Healthy. As in Flux, an object whose `status.observedGeneration` is behind
 * `metadata.generation` is Progressing before any expression runs, and an object for which none is
 * true is still waited on (Flux's kstatus Unknown, which its wait treats as not ready: Progressing
 * here, since Tideway's Unknown means "cannot judge").
 *
 * An expression sees the object as `self`, and its `metadata`, `spec` and `status` as variables of
 * their own (Flux's expressions are written `status.conditions...`). It must return a bool. Each
 * evaluation is bounded by the policy CEL budget (cost and time); an error or a spent budget is
 * Unknown with a message naming the expression, never a throw. Expressions are compiled once: the
 * compiled checks are cached by their text.
 */
import type { HealthCheck, HealthCheckEntry } from '../../core/health/health-check.js';
import type { HealthStatus } from '../../core/health/health-status.js';
import type { HealthCheckExpr } from '../../core/application/resolve-health-check-exprs.js';
import { splitApiVersion, type Manifest } from '../../core/model/manifest.js';
import { createCelEnvironment, type CelEnvironment, type CelLimits, type CelProgram } from '../../policy/cel/index.js';

/** The variables an expression may read. */
export const HEALTH_EXPR_VARIABLES = ['self', 'metadata', 'spec', 'status'] as const;

let environment: CelEnvironment | undefined;
function env(): CelEnvironment {
  environment ??= createCelEnvironment({ variables: HEALTH_EXPR_VARIABLES });
  return environment;
}

/** Compiled programs by expression text: an app's expressions are compiled once, not on every sync. */
const compiled = new Map<string, CelProgram>();
const MAX_CACHED = 2000;

function compile(expression: string, source: string): CelProgram {
  const cached = compiled.get(expression);
  if (cached) return cached;
  const program = env().compile(expression, source);
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
  compiled.set(expression, program);
  return program;
}

const verdicts = [
  ['inProgress', 'Progressing'],
  ['failed', 'Degraded'],
  ['current', 'Healthy'],
] as const;

export interface CelHealthOptions {
  /** Where the expressions come from, as messages name them (`spec.healthCheckExprs`, a file). */
  source: string;
  /** The evaluation budget; default the policy CEL budget (1,000,000 cost units, 1 s). */
  limits?: CelLimits;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The message of a Ready condition, else which expression decided. */
function reason(status: Record<string, unknown> | undefined, decided: string): string {
  const conditions = Array.isArray(status?.conditions) ? (status.conditions as unknown[]) : [];
  const ready = conditions.map(record).find((c) => c?.type === 'Ready' && typeof c.message === 'string' && c.message !== '');
  return ready ? String(ready.message) : `${decided} is true`;
}

/**
 * Compiles each expression of `exprs` (throws CelCompileError naming `<source>[i].<field>` on an
 * expression that does not compile) and returns one health table entry per item.
 */
export function celHealthChecks(exprs: readonly HealthCheckExpr[], options: CelHealthOptions): HealthCheckEntry[] {
  return exprs.map((expr, i): HealthCheckEntry => {
    const at = `${options.source}[${i}]`;
    const programs = verdicts.flatMap(([field, status]) => {
      const text = expr[field];
      return text === undefined ? [] : [{ field, status, program: compile(text, `${at}.${field}`) }];
    });
    const check: HealthCheck = (object: Manifest): HealthStatus => {
      const status = record(object.status);
      const metadata = record(object.metadata);
      const observed = status?.observedGeneration;
      if (typeof observed === 'number' && typeof metadata?.generation === 'number' && observed !== metadata.generation)
        return { status: 'Progressing', message: `Waiting for the ${object.kind} controller to observe generation ${metadata.generation}` };
      const variables = { self: object, metadata: object.metadata, spec: object.spec, status: object.status };
      for (const { field, status: verdict, program } of programs) {
        const outcome = program.evaluate(variables, options.limits);
        if (!outcome.ok) return { status: 'Unknown', message: `Health expression ${at}.${field} failed: ${outcome.error}` };
        if (typeof outcome.value !== 'boolean')
          return { status: 'Unknown', message: `Health expression ${at}.${field} returned ${typeof outcome.value}, not a bool` };
        if (outcome.value)
          return verdict === 'Healthy' ? { status: verdict } : { status: verdict, message: reason(status, `${at}.${field}`) };
      }
      return { status: 'Progressing', message: `Waiting: no health expression of ${at} is true yet` };
    };
    return { group: splitApiVersion(expr.apiVersion).group, kind: expr.kind, check };
  });
}
