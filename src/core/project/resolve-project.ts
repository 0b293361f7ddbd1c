import { ValidationError } from '../errors.js';
import { dnsLabelProblem } from '../application/dns-label.js';
import { checkBoolean, checkMapping, checkString, describeType, hasControlCharacter, isMapping } from '../application/field-checks.js';
import { ValidationProblems } from '../application/validation-problems.js';
import {
  PROJECT_API_VERSION,
  PROJECT_KIND,
  type GroupKind,
  type ProjectDestination,
  type ProjectPermissions,
  type ResolvedProject,
} from './project.js';
import { PROJECT_DESTINATION_FIELDS, PROJECT_PERMISSION_FIELDS, PROJECT_SPEC_FIELDS } from './project-fields.js';

const PERMISSIONS = Object.keys(PROJECT_PERMISSION_FIELDS.fields) as (keyof ProjectPermissions)[];
const SPEC = Object.keys(PROJECT_SPEC_FIELDS.fields);
const DESTINATION = Object.keys(PROJECT_DESTINATION_FIELDS.fields);
const KIND_LISTS = [
  'clusterResourceWhitelist',
  'clusterResourceBlacklist',
  'namespaceResourceWhitelist',
  'namespaceResourceBlacklist',
] as const;

/**
 * Validates a Project manifest (`apiVersion: tideway.dev/v1alpha1`, `kind: Project`) and fills in its
 * defaults: every list empty (no repository, no destination, no cluster-scoped kind), every permission
 * false. All problems are reported at once (a ValidationErrorList, one `field: problem` per line).
 */
export function resolveProject(input: unknown): ResolvedProject {
  if (!isMapping(input)) throw new ValidationError('Project', `must be a mapping (got ${describeType(input)})`);
  const problems = new ValidationProblems();
  checkMapping(input, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'], problems);
  const apiVersion = checkString(input, 'apiVersion', '', problems, true);
  if (apiVersion !== undefined && apiVersion !== PROJECT_API_VERSION)
    problems.add('apiVersion', `must be "${PROJECT_API_VERSION}" (got ${JSON.stringify(apiVersion)})`);
  const kind = checkString(input, 'kind', '', problems, true);
  if (kind !== undefined && kind !== PROJECT_KIND) problems.add('kind', `must be "${PROJECT_KIND}" (got ${JSON.stringify(kind)})`);

  let name: string | undefined;
  if (!isMapping(input.metadata)) problems.add('metadata', input.metadata === undefined ? 'is required' : 'must be a mapping');
  else {
    name = checkString(input.metadata, 'name', 'metadata', problems, true);
    const problem = name === undefined ? undefined : dnsLabelProblem(name, 63);
    if (problem) problems.add('metadata.name', problem);
  }

  const spec = input.spec === undefined || input.spec === null ? {} : checkMapping(input.spec, 'spec', SPEC, problems);
  const project: ResolvedProject = {
    name: name ?? '',
    sourceRepos: [],
    destinations: [],
    clusterResourceWhitelist: [],
    clusterResourceBlacklist: [],
    namespaceResourceWhitelist: [],
    namespaceResourceBlacklist: [],
    parentProjects: [],
    sourceNamespaces: [],
    permissions: {
      localSources: false,
      helmLookup: false,
      hooks: false,
      hostServices: false,
      execProbes: false,
      loaderEnv: false,
      remoteProbes: false,
    },
  };
  if (spec) {
    if (spec.description !== undefined) checkString(spec, 'description', 'spec', problems);
    project.sourceRepos = stringList(spec.sourceRepos, 'spec.sourceRepos', problems);
    project.parentProjects = stringList(spec.parentProjects, 'spec.parentProjects', problems);
    project.sourceNamespaces = stringList(spec.sourceNamespaces, 'spec.sourceNamespaces', problems);
    project.destinations = destinations(spec.destinations, problems);
    for (const list of KIND_LISTS) project[list] = groupKinds(spec[list], `spec.${list}`, problems);
    if (spec.permissions !== undefined && spec.permissions !== null) {
      const permissions = checkMapping(spec.permissions, 'spec.permissions', PERMISSIONS, problems);
      for (const key of PERMISSIONS) {
        if (permissions) project.permissions[key] = checkBoolean(permissions, key, 'spec.permissions', problems) ?? false;
      }
    }
  }
  problems.throwIfAny();
  return project;
}

function list(value: unknown, field: string, problems: ValidationProblems): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `must be a list (got ${describeType(value)})`);
    return [];
  }
  return value;
}

function pattern(value: unknown, field: string, problems: ValidationProblems, allowEmpty = false): string | undefined {
  if (typeof value !== 'string') {
    problems.add(field, `must be a string (got ${describeType(value)})`);
    return undefined;
  }
  if (!allowEmpty && value.trim() === '') problems.add(field, 'must not be empty');
  else if (hasControlCharacter(value)) problems.add(field, 'must not contain control characters');
  else return value;
  return undefined;
}

function stringList(value: unknown, field: string, problems: ValidationProblems): string[] {
  const out: string[] = [];
  list(value, field, problems).forEach((entry, i) => {
    const s = pattern(entry, `${field}[${i}]`, problems);
    if (s !== undefined) out.push(s);
  });
  return out;
}

function destinations(value: unknown, problems: ValidationProblems): ProjectDestination[] {
  const out: ProjectDestination[] = [];
  list(value, 'spec.destinations', problems).forEach((entry, i) => {
    const field = `spec.destinations[${i}]`;
    const d = checkMapping(entry, field, DESTINATION, problems);
    if (!d) return;
    const target = checkString(d, 'target', field, problems) ?? 'kubernetes';
    if (target !== 'kubernetes' && target !== 'host') {
      problems.add(`${field}.target`, `must be "kubernetes" or "host" (got ${JSON.stringify(target)})`);
      return;
    }
    if (target === 'host') {
      for (const key of ['context', 'server', 'name', 'namespace'])
        if (d[key] !== undefined) problems.add(`${field}.${key}`, 'is not used with target "host"');
    }
    const glob = (key: string) => (d[key] === undefined || d[key] === null ? '*' : (pattern(d[key], `${field}.${key}`, problems) ?? '*'));
    out.push({ target, context: glob('context'), server: glob('server'), name: glob('name'), namespace: glob('namespace') });
  });
  return out;
}

function groupKinds(value: unknown, field: string, problems: ValidationProblems): GroupKind[] {
  const out: GroupKind[] = [];
  list(value, field, problems).forEach((entry, i) => {
    const f = `${field}[${i}]`;
    const gk = checkMapping(entry, f, ['group', 'kind'], problems);
    if (!gk) return;
    if (gk.group === undefined) problems.add(`${f}.group`, 'is required ("" is the core group, "*" any group)');
    if (gk.kind === undefined) problems.add(`${f}.kind`, 'is required ("*" is any kind)');
    const group = gk.group === undefined ? undefined : pattern(gk.group, `${f}.group`, problems, true);
    const kind = gk.kind === undefined ? undefined : pattern(gk.kind, `${f}.kind`, problems);
    if (group !== undefined && kind !== undefined) out.push({ group, kind });
  });
  return out;
}
