import { TidewayError } from '../../core/errors.js';
import type { Manifest, Origin, RenderedObject } from '../../core/model/manifest.js';
import { checkPolicies } from './check-policies.js';
import type { AdmissionContext, PolicyProblem, Violation } from './policy-types.js';
import type { PolicySet } from './policy-set.js';

/** A sync refused by policy before any write: lists the violations with Deny and the unusable policies. */
export class PolicyDeniedError extends TidewayError {
  readonly violations: readonly Violation[];
  readonly problems: readonly PolicyProblem[];
  constructor(violations: readonly Violation[], problems: readonly PolicyProblem[]) {
    const lines = [...problems.map(describeProblem), ...violations.map(describeViolation)];
    const shown = lines.slice(0, 20);
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
    super('PolicyDenied', `refused by policy before apply:\n${shown.join('\n')}`);
    this.violations = violations;
    this.problems = problems;
  }
}

/**
 * The check a sync makes before its first write: evaluates the set on the objects it will apply
 * (namespaces filled in, as they will be sent) and throws PolicyDeniedError when a violation's binding
 * has `Deny` or a policy or binding is unusable. Returns the violations that only warn or audit.
 */
export function enforcePolicies(
  objects: ReadonlyArray<RenderedObject | Manifest>,
  set: PolicySet,
  context: AdmissionContext = {},
): Violation[] {
  if (set.policies.length === 0 && set.bindings.length === 0 && set.problems.length === 0) return [];
  const violations = checkPolicies(objects, set.policies, set.bindings, set.params, context);
  const denied = violations.filter((v) => v.actions.includes('Deny'));
  if (denied.length || set.problems.length) throw new PolicyDeniedError(denied, set.problems);
  return violations;
}

const where = (origin?: Origin) => (origin ? `${origin.file}${origin.line === undefined ? '' : `:${origin.line}`}: ` : '');

/** `file:line: Kind/namespace/name: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: message`. */
export function describeViolation(v: Violation): string {
  const ref = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
  const verb = v.actions.includes('Deny') ? 'denied request' : 'warns';
  return `${where(v.object.origin)}${ref}: ValidatingAdmissionPolicy '${v.policy}' with binding '${v.binding}' ${verb}: ${v.message}`;
}

/** `file:line: ValidatingAdmissionPolicy/name: spec.validations[0].expression: problem`. */
export function describeProblem(p: PolicyProblem): string {
  return `${where(p.origin)}${p.kind}/${p.name}: ${p.field}: ${p.message}`;
}
