import { isTable, readYaml } from '../chart/go-yaml.js';

/**
 * Helm's releaseutil: rendered files split into YAML documents, each document's head read
 * (apiVersion, kind, metadata.name, metadata.annotations), hooks (`helm.sh/hook`) set apart from the
 * other manifests, and both sorted in install order by kind (stable, so file order is kept within a
 * kind; unknown kinds last, alphabetically).
 */
export const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
const ORDER = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);

export interface SortedManifest {
  /** The template file it came from (`chart/templates/x.yaml`). */
  name: string;
  content: string;
  kind: string;
}

export interface Hook extends SortedManifest {
  /** Events as Helm normalises them (`test-success` is `test`). */
  events: string[];
  weight: number;
}

export class ManifestParseError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`YAML parse error on ${file}: ${message}`);
    this.file = file;
  }
}

const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** releaseutil.SplitManifests: documents in order, each trimmed, empty ones dropped. */
export function splitManifests(bigFile: string): string[] {
  const out: string[] = [];
  for (const d of bigFile.trim().split(SEPARATOR)) {
    if (d === '') continue;
    out.push(d.trim());
  }
  return out;
}

interface Head {
  kind: string;
  name: string;
  annotations?: Record<string, string>;
}

function readHead(doc: string, file: string): Head {
  let data: unknown;
  try {
    data = readYaml(doc);
  } catch (cause) {
    throw new ManifestParseError(file, `error converting YAML to JSON: ${(cause as Error).message}`);
  }
  if (data === null || data === undefined) return { kind: '', name: '' };
  if (!isTable(data)) {
    const kind = Array.isArray(data) ? 'array' : typeof data;
    throw new ManifestParseError(
      file,
      `error unmarshaling JSON: json: cannot unmarshal ${kind} into Go value of type releaseutil.SimpleHead`,
    );
  }
  const kind = typeof data.kind === 'string' ? data.kind : data.kind === undefined || data.kind === null ? '' : String(data.kind);
  const md = data.metadata;
  if (!isTable(md)) return { kind, name: '' };
  const annotations = isTable(md.annotations)
    ? Object.fromEntries(
        Object.entries(md.annotations).map(([k, v]) => [k, v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)]),
      )
    : undefined;
  return { kind, name: typeof md.name === 'string' ? md.name : '', annotations };
}

function lessByKind(a: string, b: string): number {
  const ia = ORDER.get(a);
  const ib = ORDER.get(b);
  if (ia === undefined && ib === undefined) return a === b ? 0 : a < b ? -1 : 1;
  if (ia === undefined) return 1;
  if (ib === undefined) return -1;
  return ia - ib;
}

/**
 * releaseutil.SortManifests with InstallOrder: files in name order (partials `_*` and blank files
 * skipped), documents in file order, then a stable sort by kind of the manifests and of the hooks.
 */
export function sortManifests(files: Map<string, string>): { hooks: Hook[]; manifests: SortedManifest[] } {
  const hooks: Hook[] = [];
  const manifests: SortedManifest[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const file of paths) {
    const content = files.get(file) as string;
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (base.startsWith('_') || content.trim() === '') continue;
    for (const m of splitManifests(content)) {
      const head = readHead(m, file);
      const hookTypes = head.annotations?.['helm.sh/hook'];
      if (hookTypes === undefined || Object.keys(head.annotations ?? {}).length === 0) {
        manifests.push({ name: file, content: m, kind: head.kind });
        continue;
      }
      const events: string[] = [];
      let unknown = false;
      for (const t of hookTypes.split(',')) {
        const e = t.trim().toLowerCase();
        if (!HOOK_EVENTS.has(e)) {
          unknown = true;
          break;
        }
        events.push(e === 'test-success' ? 'test' : e);
      }
      if (unknown) continue;
      const w = Number.parseInt(head.annotations?.['helm.sh/hook-weight'] ?? '', 10);
      hooks.push({ name: file, content: m, kind: head.kind, events, weight: Number.isNaN(w) ? 0 : w });
    }
  }
  const byKind = <T extends { kind: string }>(list: T[]) =>
    list
      .map((m, i) => ({ m, i }))
      .sort((x, y) => lessByKind(x.m.kind, y.m.kind) || x.i - y.i)
      .map((x) => x.m);
  return { hooks: byKind(hooks), manifests: byKind(manifests) };
}
