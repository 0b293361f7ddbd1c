import { checkBoolean, checkMapping, checkString, describeType, isMapping, type Mapping } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

/** `spec.source.helm` after validation (Argo CD's field names). */
export interface HelmSourceOptions {
  releaseName?: string;
  /** Values files from the repository (relative to the chart) or `$ref/path` of another source. */
  valueFiles: string[];
  ignoreMissingValueFiles: boolean;
  /** A YAML document of values. */
  values?: string;
  /** Values as a mapping (wins over `values`). */
  valuesObject?: Record<string, unknown>;
  parameters: { name: string; value: string; forceString: boolean }[];
  fileParameters: { name: string; path: string }[];
  skipCrds: boolean;
  skipTests: boolean;
  namespace?: string;
  kubeVersion?: string;
  apiVersions: string[];
  /** `lookup` reads the destination cluster (read-only) instead of finding nothing. */
  lookup: boolean;
}

const FIELD = 'spec.source.helm';
const HELM_FIELDS = [
  'releaseName',
  'valueFiles',
  'ignoreMissingValueFiles',
  'values',
  'valuesObject',
  'parameters',
  'fileParameters',
  'skipCrds',
  'skipTests',
  'namespace',
  'kubeVersion',
  'apiVersions',
  'lookup',
  'passCredentials',
  'version',
];

function stringList(map: Mapping, key: string, problems: ValidationProblems): string[] {
  const value = map[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(`${FIELD}.${key}`, `must be a list of strings (got ${describeType(value)})`);
    return [];
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') problems.add(`${FIELD}.${key}[${i}]`, 'must be a non-empty string');
    else out.push(v);
  });
  return out;
}

/** A path relative to the chart (`../values.yaml` may reach elsewhere in the repository; the render refuses escapes). */
function checkRelativePath(p: string, field: string, problems: ValidationProblems): void {
  if (p.startsWith('/')) problems.add(field, 'must be a path relative to the chart, inside the repository (no leading /)');
}

/** Validates `spec.source.helm`; undefined when absent, problems recorded when invalid. */
export function resolveHelmSource(value: unknown, problems: ValidationProblems): HelmSourceOptions | undefined {
  if (value === undefined || value === null) return undefined;
  const helm = checkMapping(value, FIELD, HELM_FIELDS, problems);
  if (!helm) return undefined;
  const valueFiles = stringList(helm, 'valueFiles', problems);
  valueFiles.forEach((f, i) => {
    if (!/^https?:\/\//.test(f)) checkRelativePath(f.replace(/^\$[A-Za-z0-9_-]+\//, ''), `${FIELD}.valueFiles[${i}]`, problems);
  });
  let values: string | undefined;
  if (helm.values !== undefined && helm.values !== null) {
    if (typeof helm.values !== 'string')
      problems.add(`${FIELD}.values`, `must be a string holding YAML (got ${describeType(helm.values)}); use valuesObject for a mapping`);
    else values = helm.values;
  }
  let valuesObject: Record<string, unknown> | undefined;
  if (helm.valuesObject !== undefined && helm.valuesObject !== null) {
    if (!isMapping(helm.valuesObject)) problems.add(`${FIELD}.valuesObject`, `must be a mapping (got ${describeType(helm.valuesObject)})`);
    else valuesObject = helm.valuesObject;
  }
  const parameters: HelmSourceOptions['parameters'] = [];
  const rawParams = helm.parameters;
  if (rawParams !== undefined && rawParams !== null) {
    if (!Array.isArray(rawParams)) problems.add(`${FIELD}.parameters`, `must be a list (got ${describeType(rawParams)})`);
    else
      rawParams.forEach((p, i) => {
        const field = `${FIELD}.parameters[${i}]`;
        const m = checkMapping(p, field, ['name', 'value', 'forceString'], problems);
        if (!m) return;
        const name = checkString(m, 'name', field, problems, true);
        const raw = m.value;
        let v: string | undefined;
        if (raw === undefined || raw === null) v = '';
        else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') v = String(raw);
        else problems.add(`${field}.value`, `must be a string (got ${describeType(raw)})`);
        const forceString = checkBoolean(m, 'forceString', field, problems) ?? false;
        if (name !== undefined && v !== undefined) parameters.push({ name, value: v, forceString });
      });
  }
  const fileParameters: HelmSourceOptions['fileParameters'] = [];
  const rawFiles = helm.fileParameters;
  if (rawFiles !== undefined && rawFiles !== null) {
    if (!Array.isArray(rawFiles)) problems.add(`${FIELD}.fileParameters`, `must be a list (got ${describeType(rawFiles)})`);
    else
      rawFiles.forEach((p, i) => {
        const field = `${FIELD}.fileParameters[${i}]`;
        const m = checkMapping(p, field, ['name', 'path'], problems);
        if (!m) return;
        const name = checkString(m, 'name', field, problems, true);
        const path = checkString(m, 'path', field, problems, true);
        if (path !== undefined) checkRelativePath(path.replace(/^\$[A-Za-z0-9_-]+\//, ''), `${field}.path`, problems);
        if (name !== undefined && path !== undefined) fileParameters.push({ name, path });
      });
  }
  const releaseName = checkString(helm, 'releaseName', FIELD, problems);
  if (releaseName !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(releaseName))
    problems.add(`${FIELD}.releaseName`, 'must be a DNS subdomain name (lowercase letters, digits, - and .)');
  const kubeVersion = checkString(helm, 'kubeVersion', FIELD, problems);
  if (kubeVersion !== undefined && !/^v?\d+(\.\d+){0,2}([-+].*)?$/.test(kubeVersion))
    problems.add(`${FIELD}.kubeVersion`, 'must be a version such as 1.31 or v1.31.2');
  const resolved: HelmSourceOptions = {
    releaseName,
    valueFiles,
    ignoreMissingValueFiles: checkBoolean(helm, 'ignoreMissingValueFiles', FIELD, problems) ?? false,
    values,
    valuesObject,
    parameters,
    fileParameters,
    skipCrds: checkBoolean(helm, 'skipCrds', FIELD, problems) ?? false,
    skipTests: checkBoolean(helm, 'skipTests', FIELD, problems) ?? false,
    namespace: checkString(helm, 'namespace', FIELD, problems),
    kubeVersion,
    apiVersions: stringList(helm, 'apiVersions', problems),
    lookup: checkBoolean(helm, 'lookup', FIELD, problems) ?? false,
  };
  // Leave out what was not given, so the resolved form shows only what the app says.
  for (const key of Object.keys(resolved) as (keyof HelmSourceOptions)[]) if (resolved[key] === undefined) delete resolved[key];
  return resolved;
}

/** Why `url` is not a Helm repository or registry URL (`https://…`, `http://…`, `oci://…`), or undefined. */
export function helmRepoURLProblem(url: string): string | undefined {
  if (!/^(https?|oci):\/\/[^\s/]+/.test(url)) return 'a Helm chart repository must be an https://, http:// or oci:// URL';
  try {
    const u = new URL(url.replace(/^oci:/, 'https:'));
    if (u.username || u.password) return 'must not contain credentials (give them through the environment)';
  } catch {
    return 'is not a valid URL';
  }
  return undefined;
}
