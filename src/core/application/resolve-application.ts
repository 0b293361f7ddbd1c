import { ValidationError } from '../errors.js';
import { fieldNames, SPEC_FIELDS } from './application-fields.js';
import type { ResolvedApplication } from './application.js';
import { dnsLabelProblem, dnsSubdomainProblem } from './dns-label.js';
import { checkMapping, checkString, describeType, isMapping, type Mapping } from './field-checks.js';
import { resolveDestination } from './resolve-destination.js';
import { resolveIgnoreDifferences } from './resolve-ignore-differences.js';
import { resolvePolicies } from './resolve-policies.js';
import { resolveProjectName } from './resolve-project-name.js';
import { resolveHealthCheckExprs } from './resolve-health-check-exprs.js';
import { resolveDependsOn } from './resolve-depends-on.js';
import { resolveSource } from './resolve-source.js';
import { resolveAt, splitSources } from './resolve-sources.js';
import { resolveSyncPolicy } from './resolve-sync-policy.js';
import { ValidationProblems } from './validation-problems.js';

export const APPLICATION_API_VERSION = 'tideway.dev/v1alpha1';
export const APPLICATION_KIND = 'Application';
/** In `metadata.finalizers`: delete the app's resources when the Application itself is deleted. */
export const CASCADE_FINALIZER = 'resources-finalizer.tideway.dev';
/** Application names (DNS subdomains, dots allowed) are used as label values and inside object names, hence shorter than a label. */
export const MAX_APPLICATION_NAME = 53;

const TOP_LEVEL = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
/** ObjectMeta fields an Application read back from a cluster may carry; all but name and finalizers are ignored. */
const METADATA = [
  'name',
  'namespace',
  'labels',
  'annotations',
  'finalizers',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'ownerReferences',
];

/**
 * Validates an Application manifest (`apiVersion: tideway.dev/v1alpha1`, `kind: Application`) and returns
 * it with every default filled in. All problems are reported at once: throws a ValidationErrorList (a
 * ValidationError) whose message has one `field.path: problem` line per problem. `status` is ignored.
 */
export function resolveApplication(input: unknown): ResolvedApplication {
  if (!isMapping(input)) throw new ValidationError('Application', `must be a mapping (got ${describeType(input)})`);
  const problems = new ValidationProblems();
  checkMapping(input, '', TOP_LEVEL, problems);
  checkIdentity(input, problems);
  const metadata = input.metadata === undefined ? undefined : checkMapping(input.metadata, 'metadata', METADATA, problems);
  if (input.metadata === undefined) problems.add('metadata', 'is required');
  const name = metadata ? checkName(metadata, problems) : undefined;
  const finalizers = metadata ? checkFinalizers(metadata, problems) : [];

  let spec: Mapping | undefined;
  if (input.spec === undefined || input.spec === null) problems.add('spec', 'is required');
  else spec = checkMapping(input.spec, 'spec', fieldNames(SPEC_FIELDS), problems);
  if (spec && spec.source !== undefined && spec.sources !== undefined)
    problems.add('spec.sources', 'give spec.source or spec.sources, not both');
  const multi = spec && spec.source === undefined ? splitSources(spec.sources, problems) : undefined;
  const source = !spec
    ? undefined
    : multi
      ? multi.index === undefined
        ? undefined
        : resolveAt(multi.index, problems, (p) => resolveSource(multi.source, p))
      : resolveSource(spec.source, problems);
  const destination = spec ? resolveDestination(spec.destination, problems) : undefined;
  const syncPolicy = spec ? resolveSyncPolicy(spec.syncPolicy, problems) : undefined;
  const policies = spec ? resolvePolicies(spec.policies, problems) : undefined;
  const dependsOn = spec ? resolveDependsOn(spec.dependsOn, name, problems) : undefined;
  const ignoreDifferences = spec ? resolveIgnoreDifferences(spec.ignoreDifferences, problems) : undefined;
  const healthCheckExprs = spec ? resolveHealthCheckExprs(spec.healthCheckExprs, problems) : undefined;
  const project = spec ? resolveProjectName(spec, problems) : undefined;

  problems.throwIfAny();
  if (!name || !source || !destination || !syncPolicy) throw new ValidationError('Application', 'is invalid');
  return {
    name,
    source,
    ...(multi && { refSources: multi.refSources }),
    destination,
    syncPolicy,
    cascadeDelete: finalizers.includes(CASCADE_FINALIZER),
    ...(policies ? { policies } : {}),
    ...(dependsOn?.length ? { dependsOn } : {}),
    ...(ignoreDifferences ? { ignoreDifferences } : {}),
    ...(healthCheckExprs?.length ? { healthCheckExprs } : {}),
    ...(project !== undefined ? { project } : {}),
    manifest: structuredClone(input),
  };
}

function checkIdentity(input: Mapping, problems: ValidationProblems): void {
  const apiVersion = checkString(input, 'apiVersion', '', problems, true);
  if (apiVersion !== undefined && apiVersion !== APPLICATION_API_VERSION) {
    problems.add('apiVersion', `must be "${APPLICATION_API_VERSION}" (got ${JSON.stringify(apiVersion)})`);
  }
  const kind = checkString(input, 'kind', '', problems, true);
  if (kind !== undefined && kind !== APPLICATION_KIND) problems.add('kind', `must be "${APPLICATION_KIND}" (got ${JSON.stringify(kind)})`);
}

function checkName(metadata: Mapping, problems: ValidationProblems): string | undefined {
  const name = checkString(metadata, 'name', 'metadata', problems, true);
  const problem = name === undefined ? undefined : dnsSubdomainProblem(name, MAX_APPLICATION_NAME);
  if (problem) problems.add('metadata.name', problem);
  if (metadata.namespace !== undefined) {
    const namespace = checkString(metadata, 'namespace', 'metadata', problems);
    const nsProblem = namespace === undefined ? undefined : dnsLabelProblem(namespace, 63);
    if (nsProblem) problems.add('metadata.namespace', nsProblem);
  }
  for (const key of ['labels', 'annotations']) checkStringMap(metadata[key], `metadata.${key}`, problems);
  return problem ? undefined : name;
}

function checkStringMap(value: unknown, field: string, problems: ValidationProblems): void {
  if (value === undefined || value === null) return;
  if (!isMapping(value)) {
    problems.add(field, `must be a mapping of strings (got ${describeType(value)})`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') problems.add(`${field}.${key}`, `must be a string (got ${describeType(v)}; put it in quotes)`);
  }
}

function checkFinalizers(metadata: Mapping, problems: ValidationProblems): string[] {
  const value = metadata.finalizers;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add('metadata.finalizers', `must be a list of strings (got ${describeType(value)})`);
    return [];
  }
  const out: string[] = [];
  value.forEach((entry, i) => {
    if (typeof entry === 'string') out.push(entry);
    else problems.add(`metadata.finalizers[${i}]`, `must be a string (got ${describeType(entry)})`);
  });
  return out;
}
