import { splitApiVersion, type Manifest, type RenderedObject } from '../../core/model/manifest.js';
import { TidewayError } from '../../core/errors.js';
import type { CelLimits, CelProgram } from '../cel/index.js';
import { asRendered } from '../as-rendered.js';
import { selectorMatches } from './label-selector.js';
import { LazyVariables } from './lazy-variables.js';
import { matchesResources, type RequestAttributes } from './match-resources.js';
import type { AdmissionContext, CompiledBinding, CompiledPolicy, ViolatingObject, Violation } from './policy-types.js';
import { guessResource, resourceNames, type ResourceNames } from './resource-names.js';

export const DEFAULT_USERNAME = 'system:serviceaccount:tideway:tideway';

/**
 * Evaluates ValidatingAdmissionPolicies on rendered objects as the API server would on their
 * create (or update, when the live object is known), before anything is written. Each object is
 * checked against each binding whose policy and `matchResources` match it, once per params object
 * the binding selects (`params` are the candidates: objects of the policies' `paramKind`). Returns every
 * violation, in the order of the objects; an object that breaks nothing adds nothing. Pure: no I/O.
 */
export function checkPolicies(
  objects: ReadonlyArray<RenderedObject | Manifest>,
  policies: readonly CompiledPolicy[],
  bindings: readonly CompiledBinding[],
  params: readonly Manifest[] = [],
  context: AdmissionContext = {},
): Violation[] {
  const rendered = objects.map(asRendered);
  const manifests = rendered.map((r) => r.object);
  const names = resourceNames([...manifests, ...params], context.resourceNames);
  const byName = new Map(policies.map((p) => [p.name, p]));
  const namespaces = new Map<string, Manifest>();
  for (const ns of [...(context.namespaces ?? []), ...manifests])
    if (ns.kind === 'Namespace' && ns.apiVersion === 'v1') namespaces.set(ns.metadata.name, ns);
  const violations: Violation[] = [];
  const clock = new EvaluationClock(context.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS);
  for (const { object: original, origin } of rendered) {
    const request = requestOf(original, names, context);
    const about: ViolatingObject = { apiVersion: original.apiVersion, kind: original.kind, name: original.metadata.name, origin };
    // Named as written (the namespace filled in for evaluation is the destination's, shown by the sync).
    if (original.metadata.namespace) about.namespace = original.metadata.namespace;
    const namespaceObject = request.attributes.namespaced
      ? (namespaces.get(request.attributes.namespace) ?? syntheticNamespace(request.attributes.namespace))
      : null;
    request.attributes.namespaceLabels = labelsOf(request.attributes.isNamespace ? request.object : namespaceObject);
    for (const binding of bindings) {
      const policy = byName.get(binding.policyName);
      if (!policy || !matchesResources(policy.matchConstraints, request.attributes)) continue;
      if (binding.matchResources && !matchesResources(binding.matchResources, request.attributes, true)) continue;
      const report = (message: string, reason: string, validation?: Violation['validation']) =>
        violations.push({
          object: about,
          policy: policy.name,
          binding: binding.name,
          validation,
          message,
          reason,
          actions: binding.validationActions,
        });
      const paramSets = paramsFor(policy, binding, request.attributes.namespace, params, names);
      if (paramSets === 'missing') {
        report(`no params found for policy binding with Deny parameterNotFoundAction (paramKind ${policy.paramKind?.kind})`, 'NotFound');
        continue;
      }
      if (paramSets === 'unbound') {
        if (policy.failurePolicy === 'Fail') report('the policy has a paramKind but the binding has no paramRef', 'InvalidBinding');
        continue;
      }
      for (const param of paramSets) {
        const base = { object: request.object, oldObject: request.oldObject, request: request.review, params: param, namespaceObject };
        const activation: Record<string, unknown> = { ...base };
        activation.variables = new LazyVariables(
          policy.variables,
          () => activation,
          () => clock.limits(),
        );
        evaluatePolicy(policy, activation, report, clock);
      }
    }
  }
  return violations;
}

type Report = (message: string, reason: string, validation?: Violation['validation']) => void;

/** How long all evaluations of one check may take together; each evaluation gets at most 1 s of it. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000;

/** Hands each evaluation what is left of the check's total time; throws a `Timeout` error once it is spent. */
class EvaluationClock {
  private readonly deadline: number;
  constructor(private readonly totalMs: number) {
    this.deadline = performance.now() + totalMs;
  }
  limits(): CelLimits {
    const left = this.deadline - performance.now();
    if (left <= 0) throw new TidewayError('Timeout', `policy evaluation took longer than ${this.totalMs / 1000}s in total`);
    return { timeoutMs: Math.min(1000, left) };
  }
}

function evaluatePolicy(policy: CompiledPolicy, activation: Record<string, unknown>, report: Report, clock: EvaluationClock): void {
  const failed = (what: string, error: string, validation?: Violation['validation']) => {
    if (policy.failurePolicy === 'Fail') report(`${what}: ${error}`, 'ExpressionError', validation);
  };
  for (const condition of policy.matchConditions) {
    const outcome = condition.program.evaluate(activation, clock.limits());
    if (outcome.ok && outcome.value === true) continue;
    if (!outcome.ok || typeof outcome.value !== 'boolean')
      failed(`matchCondition '${condition.name}' failed`, outcome.ok ? 'did not return a bool' : outcome.error);
    return;
  }
  for (const validation of policy.validations) {
    const where = { index: validation.index, expression: validation.program.expression };
    const outcome = validation.program.evaluate(activation, clock.limits());
    if (!outcome.ok) {
      failed(`expression '${validation.program.expression}' resulted in error`, outcome.error, where);
      continue;
    }
    if (outcome.value === true) continue;
    if (typeof outcome.value !== 'boolean') {
      failed(`expression '${validation.program.expression}' resulted in error`, 'did not return a bool', where);
      continue;
    }
    report(messageOf(validation, activation, clock), validation.reason, where);
  }
}

/** messageExpression when it yields a non-empty string, else message, else the expression itself (as the API server words it). */
function messageOf(
  validation: { program: CelProgram; message?: string; messageProgram?: CelProgram },
  activation: Record<string, unknown>,
  clock: EvaluationClock,
): string {
  if (validation.messageProgram) {
    const outcome = validation.messageProgram.evaluate(activation, clock.limits());
    if (outcome.ok && typeof outcome.value === 'string' && outcome.value.trim() !== '') return outcome.value.replace(/\s*\n\s*/g, ' ');
  }
  return validation.message ?? `failed expression: ${validation.program.expression}`;
}

function paramsFor(
  policy: CompiledPolicy,
  binding: CompiledBinding,
  objectNamespace: string,
  params: readonly Manifest[],
  names: ResourceNames,
): Array<Manifest | null> | 'missing' | 'unbound' {
  if (!policy.paramKind) return [null];
  const ref = binding.paramRef;
  if (!ref) return 'unbound';
  const { apiVersion, kind } = policy.paramKind;
  const namespaced = (names.of(apiVersion, kind) ?? guessResource(kind)).namespaced;
  const namespace = namespaced ? (ref.namespace ?? objectNamespace) : undefined;
  const found = params.filter(
    (p) =>
      p.apiVersion === apiVersion &&
      p.kind === kind &&
      (namespace === undefined || (p.metadata.namespace ?? 'default') === namespace) &&
      (ref.name === undefined || p.metadata.name === ref.name) &&
      (ref.selector === undefined || selectorMatches(ref.selector, labelsOf(p))),
  );
  if (found.length > 0) return found;
  return ref.parameterNotFoundAction === 'Allow' ? [] : 'missing';
}

interface AdmissionRequest {
  object: Manifest;
  oldObject: Manifest | null;
  attributes: RequestAttributes;
  review: Record<string, unknown>;
}

function requestOf(original: Manifest, names: ResourceNames, context: AdmissionContext): AdmissionRequest {
  const { group, version } = splitApiVersion(original.apiVersion);
  const { resource, namespaced } = names.of(original.apiVersion, original.kind) ?? guessResource(original.kind);
  const namespace = namespaced ? original.metadata.namespace || context.defaultNamespace || 'default' : '';
  const object =
    namespaced && original.metadata.namespace !== namespace ? { ...original, metadata: { ...original.metadata, namespace } } : original;
  const oldObject = context.liveObject?.(object) ?? null;
  const operation = oldObject ? 'UPDATE' : 'CREATE';
  const kind = { group, version, kind: original.kind };
  const gvr = { group, version, resource };
  const username = context.username ?? DEFAULT_USERNAME;
  return {
    object,
    oldObject,
    attributes: {
      operation,
      group,
      version,
      resource,
      namespaced,
      namespace,
      name: original.metadata.name,
      labels: labelsOf(object),
      namespaceLabels: {},
      isNamespace: group === '' && original.kind === 'Namespace',
    },
    review: {
      uid: '',
      kind,
      resource: gvr,
      requestKind: kind,
      requestResource: gvr,
      name: original.metadata.name,
      namespace,
      operation,
      userInfo: {
        username,
        groups: username.startsWith('system:serviceaccount:')
          ? ['system:serviceaccounts', 'system:authenticated']
          : ['system:authenticated'],
      },
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions' },
    },
  };
}

/** A namespace the render does not hold and the cluster did not show: what the API server would have, its name label. */
function syntheticNamespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
}

function labelsOf(object: Manifest | null | undefined): Record<string, string> {
  const labels = object?.metadata?.labels;
  const out: Record<string, string> = { ...(labels && typeof labels === 'object' ? labels : {}) };
  if (object?.kind === 'Namespace') out['kubernetes.io/metadata.name'] = object.metadata.name;
  return out;
}
