import type { DirectoryOptions } from '../../core/application/directory-options.js';
import { APPLICATION_API_VERSION, APPLICATION_KIND, resolveApplication } from '../../core/application/resolve-application.js';
import { ValidationErrorList } from '../../core/application/validation-problems.js';
import { RenderError, TidewayError, ValidationError } from '../../core/errors.js';
import { splitApiVersion, type RenderedObject } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { checkPolicies, EMPTY_POLICY_SET, mergePolicySets, type PolicySet, type Violation } from '../admission/index.js';
import { loadKubeSchemas, pickKubeVersion } from '../kube-schemas.js';
import { loadPolicyDirectory } from '../load-policies.js';
import { validateSchemas } from '../schema/index.js';
import { collectObjects } from './collect-objects.js';
import type { ValidateProblem } from './validate-problem.js';

/** One thing to validate: a directory, or the path of an Application in a local checkout of its repository. */
export interface ValidateTarget {
  /** The app's name, or the directory as given. */
  name: string;
  root: string;
  path: string;
  directory?: DirectoryOptions;
  allowRemoteBases?: boolean;
  /** The app's `spec.policies`, relative to `root`. */
  policyPaths?: string[];
  /** The app's destination namespace, filled into namespaced objects that have none. */
  defaultNamespace?: string;
  /** False for an app whose destination is this host: its objects are not Kubernetes objects, no schema applies. */
  kubernetes?: boolean;
}

export interface ValidateOptions {
  /** Kubernetes version of the schemas ("1.34"); default the newest there are. */
  kubeVersion?: string;
  /** A directory of policies applied to every target (as the agent's `--policies`). */
  policies?: { root: string; path: string };
  ignoreMissingSchemas?: boolean;
}

export interface ValidateReport {
  kubeVersion: string;
  /** Things the reader should know that are not problems (the Kubernetes version substituted). */
  notes: string[];
  targets: Array<{ name: string; path: string; objects: Array<{ object: string; file?: string; line?: number }> }>;
  problems: ValidateProblem[];
}

/**
 * Everything `tideway validate` checks, with no cluster: each target renders (every YAML error and
 * duplicate listed), its objects match the schemas of the chosen Kubernetes version and the CRDs in the
 * render, its Applications are valid, and the policies (the shared ones and the target's own) pass.
 */
export async function runValidate(targets: readonly ValidateTarget[], options: ValidateOptions = {}): Promise<ValidateReport> {
  const picked = pickKubeVersion(options.kubeVersion);
  const report: ValidateReport = { kubeVersion: picked.version, notes: [], targets: [], problems: [] };
  if (picked.substituted) report.notes.push(`no schemas for Kubernetes ${options.kubeVersion}; validating against ${picked.version}`);
  const schemas = loadKubeSchemas(picked.version);
  const shared = options.policies ? await readPolicies(options.policies, report.problems) : EMPTY_POLICY_SET;

  for (const target of targets) {
    const { objects, problems } = await collectObjects(target);
    report.problems.push(...problems);
    report.targets.push({
      name: target.name,
      path: target.path,
      objects: objects.map(({ object, origin }) => ({ object: refString(refOf(object)), file: origin?.file, line: origin?.line })),
    });
    const kube = target.kubernetes === false ? [] : objects.filter((o) => !isTidewayObject(o));
    for (const v of validateSchemas(kube, schemas, { ignoreMissingSchemas: options.ignoreMissingSchemas })) {
      const object = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
      report.problems.push({
        rule: 'schema',
        severity: 'error',
        file: v.object.origin?.file,
        line: v.object.origin?.line,
        object,
        message: v.field ? `${v.field}: ${v.message}` : v.message,
      });
    }
    report.problems.push(...checkApplications(objects));
    const own = [];
    for (const p of target.policyPaths ?? []) own.push(await readPolicies({ root: target.root, path: p }, report.problems));
    const set = mergePolicySets(shared, ...own);
    try {
      const violations = checkPolicies(objects, set.policies, set.bindings, [...set.params, ...objects.map((o) => o.object)], {
        defaultNamespace: target.defaultNamespace,
      });
      report.problems.push(...violations.map(policyProblem));
    } catch (error) {
      if (!(error instanceof TidewayError && error.code === 'Timeout')) throw error;
      report.problems.push({ rule: 'policy', severity: 'error', message: `${target.name}: ${error.message}` });
    }
  }
  // By file and line (a stable sort: each file's problems stay in the order the checks found them).
  report.problems.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
  return report;
}

async function readPolicies(at: { root: string; path: string }, problems: ValidateProblem[]): Promise<PolicySet> {
  let set: PolicySet;
  try {
    set = await loadPolicyDirectory(at);
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    problems.push({ rule: 'policy-config', severity: 'error', file: error.file, line: error.line, message: `policies: ${error.message}` });
    return EMPTY_POLICY_SET;
  }
  for (const p of set.problems) {
    problems.push({
      rule: 'policy-config',
      severity: 'error',
      file: p.origin?.file,
      line: p.origin?.line,
      object: `${p.kind}/${p.name}`,
      message: `${p.field}: ${p.message}`,
    });
  }
  return set;
}

function policyProblem(v: Violation): ValidateProblem {
  const deny = v.actions.includes('Deny');
  const object = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
  return {
    rule: 'policy',
    severity: deny ? 'error' : 'warning',
    file: v.object.origin?.file,
    line: v.object.origin?.line,
    object,
    message: `ValidatingAdmissionPolicy '${v.policy}' with binding '${v.binding}' ${deny ? 'denied request' : `warns (${v.actions.join(', ')})`}: ${v.message}`,
  };
}

/** Objects of Tideway's own groups (Applications, host kinds): no Kubernetes schema describes them. */
function isTidewayObject({ object }: RenderedObject): boolean {
  const { group } = splitApiVersion(object.apiVersion);
  return group === 'tideway.dev' || group.endsWith('.tideway.dev');
}

/** Applications in the render (app of apps) are checked as the agent would read them. */
function checkApplications(objects: readonly RenderedObject[]): ValidateProblem[] {
  const out: ValidateProblem[] = [];
  for (const { object, origin } of objects) {
    if (object.apiVersion !== APPLICATION_API_VERSION || object.kind !== APPLICATION_KIND) continue;
    try {
      resolveApplication(object);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = error instanceof ValidationErrorList ? error.errors : [error];
      for (const e of errors)
        out.push({
          rule: 'application',
          severity: 'error',
          file: origin?.file,
          line: origin?.line,
          object: refString(refOf(object)),
          message: e.message,
        });
    }
  }
  return out;
}
