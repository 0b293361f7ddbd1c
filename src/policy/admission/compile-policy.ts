import type { Manifest, Origin } from '../../core/model/manifest.js';
import { CelCompileError, createCelEnvironment, type CelEnvironment, type CelProgram } from '../cel/index.js';
import { selectorProblem, type LabelSelector } from './label-selector.js';
import type { MatchResources, ResourceRule } from './match-resources.js';
import {
  BINDING_KIND,
  POLICY_KIND,
  type CompiledBinding,
  type CompiledPolicy,
  type PolicyProblem,
  type ValidationAction,
} from './policy-types.js';
import { FieldReader } from './read-fields.js';

/** The variables of admission expressions. `authorizer` is not there: no API server answers it before apply. */
export const ADMISSION_VARIABLES = ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables'];

let environment: CelEnvironment | undefined;
function admissionEnvironment(): CelEnvironment {
  environment ??= createCelEnvironment({ variables: ADMISSION_VARIABLES });
  return environment;
}

type Compiled<T> = { ok: true; value: T } | { ok: false; problems: PolicyProblem[] };

/**
 * Validates a ValidatingAdmissionPolicy (`admissionregistration.k8s.io/v1` shape) and compiles its
 * expressions. Every problem is reported, each naming the policy and the field. `auditAnnotations`
 * are accepted and not evaluated (they only annotate the API server's audit log).
 */
export function compilePolicy(manifest: Manifest, origin?: Origin): Compiled<CompiledPolicy> {
  const name = manifest.metadata.name;
  const read = new FieldReader();
  const spec = read.mapping(manifest.spec, 'spec') ?? {};
  if (manifest.spec === undefined) read.problem('spec', 'is required');
  const programs = new ProgramCompiler(read, `${POLICY_KIND}/${name}`);

  const paramKindMap = read.mapping(spec.paramKind, 'spec.paramKind');
  let paramKind: CompiledPolicy['paramKind'];
  if (paramKindMap) {
    const apiVersion = read.string(paramKindMap.apiVersion, 'spec.paramKind.apiVersion', true);
    const kind = read.string(paramKindMap.kind, 'spec.paramKind.kind', true);
    if (apiVersion && kind) paramKind = { apiVersion, kind };
  }
  const matchConstraints = readMatchResources(read, spec.matchConstraints, 'spec.matchConstraints');
  if (!spec.matchConstraints) read.problem('spec.matchConstraints', 'is required');
  else if (matchConstraints && matchConstraints.resourceRules.length === 0)
    read.problem('spec.matchConstraints.resourceRules', 'is required (a policy with no rules matches nothing)');

  const variables = read.list(spec.variables, 'spec.variables').flatMap((v, i) => {
    const field = `spec.variables[${i}]`;
    const entry = read.mapping(v, field) ?? {};
    const varName = read.string(entry.name, `${field}.name`, true);
    const program = programs.compile(entry.expression, `${field}.expression`);
    return varName && program ? [{ name: varName, program }] : [];
  });
  const matchConditions = read.list(spec.matchConditions, 'spec.matchConditions').flatMap((c, i) => {
    const field = `spec.matchConditions[${i}]`;
    const entry = read.mapping(c, field) ?? {};
    const conditionName = read.string(entry.name, `${field}.name`, true);
    const program = programs.compile(entry.expression, `${field}.expression`);
    return conditionName && program ? [{ name: conditionName, program }] : [];
  });
  const validations = read.list(spec.validations, 'spec.validations').flatMap((v, index) => {
    const field = `spec.validations[${index}]`;
    const entry = read.mapping(v, field) ?? {};
    const program = programs.compile(entry.expression, `${field}.expression`);
    const message = read.string(entry.message, `${field}.message`);
    if (message?.includes('\n')) read.problem(`${field}.message`, 'must not contain line breaks');
    const messageProgram =
      entry.messageExpression === undefined ? undefined : programs.compile(entry.messageExpression, `${field}.messageExpression`);
    const reason = read.oneOf(
      entry.reason,
      `${field}.reason`,
      ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'],
      'Invalid',
    );
    return program ? [{ index, program, message, messageProgram, reason }] : [];
  });
  const auditAnnotations = read.list(spec.auditAnnotations, 'spec.auditAnnotations');
  if (validations.length === 0 && auditAnnotations.length === 0 && read.problems.length === 0)
    read.problem('spec.validations', 'is required (at least one validation or audit annotation)');
  const failurePolicy = read.oneOf(spec.failurePolicy, 'spec.failurePolicy', ['Fail', 'Ignore'], 'Fail');

  if (read.problems.length || !matchConstraints) return { ok: false, problems: problemsOf(read, POLICY_KIND, name, origin) };
  return { ok: true, value: { name, origin, paramKind, matchConstraints, matchConditions, variables, validations, failurePolicy } };
}

/** Validates a ValidatingAdmissionPolicyBinding; every problem names the binding and the field. */
export function compileBinding(manifest: Manifest, origin?: Origin): Compiled<CompiledBinding> {
  const name = manifest.metadata.name;
  const read = new FieldReader();
  const spec = read.mapping(manifest.spec, 'spec') ?? {};
  const policyName = read.string(spec.policyName, 'spec.policyName', true);
  const actions = read.strings(spec.validationActions, 'spec.validationActions');
  if (actions.length === 0) read.problem('spec.validationActions', 'is required (one or more of Deny, Warn, Audit)');
  for (const [i, a] of actions.entries())
    if (!['Deny', 'Warn', 'Audit'].includes(a)) read.problem(`spec.validationActions[${i}]`, 'must be one of Deny, Warn, Audit');
  if (actions.includes('Deny') && actions.includes('Warn')) read.problem('spec.validationActions', 'must not hold both Deny and Warn');

  let paramRef: CompiledBinding['paramRef'];
  const ref = read.mapping(spec.paramRef, 'spec.paramRef');
  if (ref) {
    const refName = read.string(ref.name, 'spec.paramRef.name');
    const namespace = read.string(ref.namespace, 'spec.paramRef.namespace');
    const selector = readSelector(read, ref.selector, 'spec.paramRef.selector');
    if ((refName === undefined) === (ref.selector === undefined))
      read.problem('spec.paramRef', 'must set exactly one of name and selector');
    const parameterNotFoundAction = read.oneOf(
      ref.parameterNotFoundAction,
      'spec.paramRef.parameterNotFoundAction',
      ['Allow', 'Deny'],
      'Deny',
    );
    paramRef = { name: refName, namespace, selector, parameterNotFoundAction };
  }
  const matchResources =
    spec.matchResources === undefined ? undefined : readMatchResources(read, spec.matchResources, 'spec.matchResources');
  if (read.problems.length || !policyName) return { ok: false, problems: problemsOf(read, BINDING_KIND, name, origin) };
  return { ok: true, value: { name, origin, policyName, paramRef, validationActions: actions as ValidationAction[], matchResources } };
}

function problemsOf(read: FieldReader, kind: PolicyProblem['kind'], name: string, origin?: Origin): PolicyProblem[] {
  return read.problems.map((p) => ({ kind, name, origin, ...p }));
}

/** Compiles expressions, turning compile errors into problems of the field. */
class ProgramCompiler {
  constructor(
    private readonly read: FieldReader,
    private readonly owner: string,
  ) {}
  compile(expression: unknown, field: string): CelProgram | undefined {
    const text = this.read.string(expression, field, true);
    if (text === undefined) return undefined;
    try {
      return admissionEnvironment().compile(text, `${this.owner} ${field}`);
    } catch (error) {
      if (!(error instanceof CelCompileError)) throw error;
      this.read.problem(field, error.message.slice(`${this.owner} ${field}: `.length));
      return undefined;
    }
  }
}

function readSelector(read: FieldReader, value: unknown, field: string): LabelSelector | undefined {
  const problem = selectorProblem(value);
  if (problem) read.problem(field, problem);
  return problem || value === null ? undefined : (value as LabelSelector | undefined);
}

function readMatchResources(read: FieldReader, value: unknown, field: string): MatchResources | undefined {
  const match = read.mapping(value, field);
  if (!match) return undefined;
  return {
    namespaceSelector: readSelector(read, match.namespaceSelector, `${field}.namespaceSelector`),
    objectSelector: readSelector(read, match.objectSelector, `${field}.objectSelector`),
    resourceRules: readRules(read, match.resourceRules, `${field}.resourceRules`),
    excludeResourceRules: readRules(read, match.excludeResourceRules, `${field}.excludeResourceRules`),
    matchPolicy: read.oneOf(match.matchPolicy, `${field}.matchPolicy`, ['Exact', 'Equivalent'], 'Equivalent'),
  };
}

function readRules(read: FieldReader, value: unknown, field: string): ResourceRule[] {
  return read.list(value, field).map((r, i) => {
    const f = `${field}[${i}]`;
    const rule = read.mapping(r, f) ?? {};
    const operations = read.strings(rule.operations, `${f}.operations`);
    for (const op of operations)
      if (!['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(op))
        read.problem(`${f}.operations`, `unknown operation ${JSON.stringify(op)}`);
    return {
      apiGroups: read.strings(rule.apiGroups, `${f}.apiGroups`),
      apiVersions: read.strings(rule.apiVersions, `${f}.apiVersions`),
      resources: read.strings(rule.resources, `${f}.resources`),
      operations,
      resourceNames: read.strings(rule.resourceNames, `${f}.resourceNames`),
      scope: read.oneOf(rule.scope, `${f}.scope`, ['*', 'Cluster', 'Namespaced'], '*'),
    };
  });
}
