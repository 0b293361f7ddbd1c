import { goStringOfYamlScalar, isTable } from './go-yaml.js';
import { isValidVersion } from './semver.js';

/** A dependency as Chart.yaml (v2) or requirements.yaml (v1) declares it. */
export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  importValues: unknown[];
  alias: string;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

/** Chart.yaml (chart.Metadata), with Go's zero values for what the file leaves out. */
export interface Metadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: Maintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  dependencies: Dependency[];
  type: string;
}

/** A chart that Helm refuses to load; the message is Helm's (`validation: chart.metadata.name is required`). */
export class ChartValidationError extends Error {}

export function emptyMetadata(): Metadata {
  return {
    name: '',
    home: '',
    sources: [],
    version: '',
    description: '',
    keywords: [],
    maintainers: [],
    icon: '',
    apiVersion: '',
    condition: '',
    tags: '',
    appVersion: '',
    deprecated: false,
    annotations: {},
    kubeVersion: '',
    dependencies: [],
    type: '',
  };
}

function str(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    throw new ChartValidationError(`cannot unmarshal ${Array.isArray(value) ? 'array' : 'object'} into field ${field} of type string`);
  return goStringOfYamlScalar(value);
}

function strList(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new ChartValidationError(`cannot unmarshal ${typeof value} into field ${field} of type []string`);
  return value.map((v) => str(v, field));
}

function parseDependency(value: unknown, i: number): Dependency {
  if (!isTable(value)) throw new ChartValidationError(`dependencies[${i}]: must be a mapping`);
  const importValues = value['import-values'];
  return {
    name: str(value.name, 'name'),
    version: str(value.version, 'version'),
    repository: str(value.repository, 'repository'),
    condition: str(value.condition, 'condition'),
    tags: strList(value.tags, 'tags'),
    enabled: value.enabled === true,
    importValues: Array.isArray(importValues) ? importValues : [],
    alias: str(value.alias, 'alias'),
  };
}

/**
 * Applies one Chart.yaml or requirements.yaml document onto `md` the way Go's yaml.Unmarshal into a
 * struct does: the fields the document names are replaced, the others kept.
 */
export function applyMetadataDocument(md: Metadata, doc: unknown): void {
  if (doc === null || doc === undefined) return;
  if (!isTable(doc)) throw new ChartValidationError('cannot unmarshal the document into chart.Metadata: not a mapping');
  const has = (k: string) => Object.hasOwn(doc, k);
  if (has('name')) md.name = str(doc.name, 'name');
  if (has('home')) md.home = str(doc.home, 'home');
  if (has('sources')) md.sources = strList(doc.sources, 'sources');
  if (has('version')) md.version = str(doc.version, 'version');
  if (has('description')) md.description = str(doc.description, 'description');
  if (has('keywords')) md.keywords = strList(doc.keywords, 'keywords');
  if (has('maintainers')) {
    const list = doc.maintainers;
    md.maintainers = Array.isArray(list)
      ? list.map((m) => {
          if (m === null) throw new ChartValidationError('validation: maintainers must not contain empty or null nodes');
          const t = isTable(m) ? m : {};
          return { name: str(t.name, 'name'), email: str(t.email, 'email'), url: str(t.url, 'url') };
        })
      : [];
  }
  if (has('icon')) md.icon = str(doc.icon, 'icon');
  if (has('apiVersion')) md.apiVersion = str(doc.apiVersion, 'apiVersion');
  if (has('condition')) md.condition = str(doc.condition, 'condition');
  if (has('tags')) md.tags = str(doc.tags, 'tags');
  if (has('appVersion')) md.appVersion = str(doc.appVersion, 'appVersion');
  if (has('deprecated')) md.deprecated = doc.deprecated === true;
  if (has('annotations')) {
    const a = doc.annotations;
    md.annotations = isTable(a) ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, str(v, `annotations.${k}`)])) : {};
  }
  if (has('kubeVersion')) md.kubeVersion = str(doc.kubeVersion, 'kubeVersion');
  if (has('dependencies')) md.dependencies = Array.isArray(doc.dependencies) ? doc.dependencies.map(parseDependency) : [];
  if (has('type')) md.type = str(doc.type, 'type');
}

/** Go's unicode.IsSpace becomes ' ', non-printable characters are dropped (sanitizeString). */
function sanitize(s: string): string {
  const spaced = s.replace(/[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g, ' ');
  return spaced.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

/** chart.Metadata.Validate: Helm's checks and messages, with its sanitising of string fields. */
export function validateMetadata(md: Metadata): void {
  md.name = sanitize(md.name);
  md.description = sanitize(md.description);
  md.home = sanitize(md.home);
  md.icon = sanitize(md.icon);
  md.condition = sanitize(md.condition);
  md.tags = sanitize(md.tags);
  md.appVersion = sanitize(md.appVersion);
  md.kubeVersion = sanitize(md.kubeVersion);
  md.sources = md.sources.map(sanitize);
  md.keywords = md.keywords.map(sanitize);
  const fail = (m: string) => {
    throw new ChartValidationError(`validation: ${m}`);
  };
  if (md.apiVersion === '') fail('chart.metadata.apiVersion is required');
  if (md.name === '') fail('chart.metadata.name is required');
  if (md.name.includes('/') || md.name === '.' || md.name === '..') fail(`chart.metadata.name "${md.name}" is invalid`);
  if (md.version === '') fail('chart.metadata.version is required');
  if (!isValidVersion(md.version)) fail(`chart.metadata.version "${md.version}" is invalid`);
  if (!['', 'application', 'library'].includes(md.type)) fail('chart.metadata.type must be application or library');
  for (const m of md.maintainers) {
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies) {
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.condition = sanitize(d.condition);
    d.alias = sanitize(d.alias);
    d.tags = d.tags.map(sanitize);
    if (d.alias !== '' && !ALIAS_NAME.test(d.alias))
      fail('dependency alias must contain only alphanumeric characters, underscores, or hyphens');
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) fail(`more than one dependency with name or alias "${key}"`);
    seen.add(key);
  }
}
