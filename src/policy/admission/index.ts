export { checkPolicies, DEFAULT_USERNAME } from './check-policies.js';
export { compileBinding, compilePolicy, ADMISSION_VARIABLES } from './compile-policy.js';
export { describeProblem, describeViolation, enforcePolicies, PolicyDeniedError } from './policy-gate.js';
export { EMPTY_POLICY_SET, mergePolicySets, policySetOf, type PolicySet } from './policy-set.js';
export type {
  AdmissionContext,
  CompiledBinding,
  CompiledPolicy,
  PolicyProblem,
  ValidationAction,
  Violation,
  ViolatingObject,
} from './policy-types.js';
export { resourceNames, type ResourceNames } from './resource-names.js';
