/**
 * Resource identity as kustomize sees it: group/version/kind, name and namespace, with the
 * "effective namespace" rules (cluster-scoped kinds have none, "" means "default").
 */

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId extends Gvk {
  name: string;
  namespace: string;
}

/** Kinds the built-in Kubernetes OpenAPI data (v1.21.2, as kustomize v5.5 embeds) lists as cluster-scoped. */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition',
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService',
  'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest',
  'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass',
  'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass',
  'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole',
  'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass',
  'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver',
  'storage.k8s.io/v1 CSINode',
  'storage.k8s.io/v1 StorageClass',
  'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver',
  'storage.k8s.io/v1beta1 CSINode',
  'storage.k8s.io/v1beta1 StorageClass',
  'storage.k8s.io/v1beta1 VolumeAttachment',
  'v1 ComponentStatus',
  'v1 Namespace',
  'v1 Node',
  'v1 NodeProxyOptions',
  'v1 PersistentVolume',
]);

export const NON_NAMESPACEABLE = '_non_namespaceable_';
export const DEFAULT_NAMESPACE = 'default';

export function apiVersionOf(gvk: Gvk): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Only kinds known from the built-in schema are cluster-scoped; unknown kinds count as namespaced. */
export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${apiVersionOf(gvk)} ${gvk.kind}`);
}

/**
 * The namespace an id is compared by. `clusterScoped` is false for ids recorded as previous ids
 * (kustomize rebuilds those without the scope lookup and stores the effective namespace literally).
 */
export function effectiveNamespace(id: ResId, clusterScoped = isClusterScoped(id)): string {
  if (clusterScoped) return NON_NAMESPACEABLE;
  if (id.namespace === '' || id.namespace === DEFAULT_NAMESPACE) return DEFAULT_NAMESPACE;
  return id.namespace;
}

/** A key under which two ids are equal exactly when kustomize's ResId.Equals says so. */
export function idKey(id: ResId, clusterScoped = isClusterScoped(id)): string {
  return `${id.group}\u0000${id.version}\u0000${id.kind}\u0000${id.name}\u0000${effectiveNamespace(id, clusterScoped)}`;
}

/** Selection by a (partial) Gvk: empty fields of the selector match anything. */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk> | undefined): boolean {
  if (!selector) return true;
  if (selector.group && gvk.group !== selector.group) return false;
  if (selector.version && gvk.version !== selector.version) return false;
  if (selector.kind && gvk.kind !== selector.kind) return false;
  return true;
}

export function gvkString(gvk: Gvk): string {
  return `${gvk.kind || '[noKind]'}.${gvk.version || '[noVer]'}.${gvk.group || '[noGrp]'}`;
}

/** kustomize's textual form of an id, used in messages: `Kind.version.group/name.namespace`. */
export function idString(id: ResId): string {
  return `${gvkString(id)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** A readable form for error messages: `Deployment/ns/web` or `ClusterRole/admin`. */
export function describeId(id: ResId): string {
  return id.namespace ? `${id.kind}/${id.namespace}/${id.name}` : `${id.kind}/${id.name}`;
}

/** Sorting rank of a kind in kustomize's legacy order (negative: first list, positive: last list). */
export function kindRanks(orderFirst: string[], orderLast: string[]): Map<string, number> {
  const m = new Map<string, number>();
  orderFirst.forEach((k, i) => m.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => m.set(k, 1 + i));
  return m;
}

export function gvkSortString(gvk: Gvk): string {
  return `${gvk.group || '~G'}_${gvk.version || '~V'}_${gvk.kind || '~K'}`;
}

const defaultRanks = kindRanks(
  [
    'Namespace',
    'ResourceQuota',
    'StorageClass',
    'CustomResourceDefinition',
    'ServiceAccount',
    'PodSecurityPolicy',
    'Role',
    'ClusterRole',
    'RoleBinding',
    'ClusterRoleBinding',
    'ConfigMap',
    'Secret',
    'Endpoints',
    'Service',
    'LimitRange',
    'PriorityClass',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Deployment',
    'StatefulSet',
    'CronJob',
    'PodDisruptionBudget',
  ],
  ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
);

/** Gvk.IsLessThan: kustomize's ordering of field specs and name back-references. */
export function gvkLess(a: Gvk, b: Gvk): boolean {
  const ia = defaultRanks.get(a.kind) ?? 0;
  const ib = defaultRanks.get(b.kind) ?? 0;
  if (ia !== ib) return ia < ib;
  return gvkSortString(a) < gvkSortString(b);
}
