import type { Manifest, RenderedObject } from '../../core/model/manifest.js';
import { compileBinding, compilePolicy } from './compile-policy.js';
import {
  ADMISSION_API_GROUP,
  BINDING_KIND,
  POLICY_KIND,
  type CompiledBinding,
  type CompiledPolicy,
  type PolicyProblem,
} from './policy-types.js';

/** Policies, bindings and the objects their params may come from, read from one or more directories. */
export interface PolicySet {
  policies: CompiledPolicy[];
  bindings: CompiledBinding[];
  /** Every other object: candidates for the policies' params (ConfigMaps, custom resources). */
  params: Manifest[];
  /** Policies and bindings that could not be used; a sync with any of these fails, as a cluster would refuse them. */
  problems: PolicyProblem[];
}

export const EMPTY_POLICY_SET: PolicySet = { policies: [], bindings: [], params: [], problems: [] };

/** Sorts rendered objects into a policy set, compiling each ValidatingAdmissionPolicy and binding. */
export function policySetOf(objects: ReadonlyArray<RenderedObject>): PolicySet {
  const set: PolicySet = { policies: [], bindings: [], params: [], problems: [] };
  for (const { object, origin } of objects) {
    const admission = object.apiVersion.startsWith(`${ADMISSION_API_GROUP}/`);
    if (admission && object.kind === POLICY_KIND) {
      const compiled = compilePolicy(object, origin);
      if (compiled.ok) set.policies.push(compiled.value);
      else set.problems.push(...compiled.problems);
    } else if (admission && object.kind === BINDING_KIND) {
      const compiled = compileBinding(object, origin);
      if (compiled.ok) set.bindings.push(compiled.value);
      else set.problems.push(...compiled.problems);
    } else set.params.push(object);
  }
  return set;
}

/** Several sets as one (the agent's own policies and an app's). */
export function mergePolicySets(...sets: PolicySet[]): PolicySet {
  return {
    policies: sets.flatMap((s) => s.policies),
    bindings: sets.flatMap((s) => s.bindings),
    params: sets.flatMap((s) => s.params),
    problems: sets.flatMap((s) => s.problems),
  };
}
