import type { Manifest } from '../model/manifest.js';

/**
 * The order in which kinds are applied within a stage, as Helm installs them and Argo CD syncs
 * them within a wave: policy and quotas, then identities and configuration (ServiceAccounts,
 * Secrets, ConfigMaps, volumes, RBAC), then Services, then workloads, then what routes to them.
 * Workloads thus start with their configuration present, and the controllers that react to them
 * (ReplicaSets, Pods, endpoints) start once the objects they read are in place.
 */
const ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
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

const RANK = new Map(ORDER.map((kind, i) => [kind, i]));

/** Kinds in ORDER by their place there; any other kind (custom resources) after them. */
export function kindRank(object: { kind: string }): number {
  return RANK.get(object.kind) ?? ORDER.length;
}

/** The objects in kind order, objects of the same rank keeping the order they came in. */
export function inKindOrder(objects: Manifest[]): Manifest[] {
  return objects
    .map((object, at) => ({ object, at, rank: kindRank(object) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at)
    .map((entry) => entry.object);
}
