/**
 * Whether an object without any status is still waiting for its controller, or is of a kind that
 * never has one. The rule:
 * - Kinds of the Kubernetes API itself (the core group, apps, batch, policy, autoscaling, the
 *   built-in `*.k8s.io` groups): a status is written by the API server or a built-in controller when
 *   the kind has one; with none, there is nothing to wait for (ConfigMap, Secret, ServiceAccount,
 *   RBAC, StorageClass, webhooks, ...). Kinds that do need a status have their own check.
 * - Custom resources of a kind known to be plain data (their projects document no status:
 *   ServiceMonitor, Istio's routing rules, Traefik routes, KEDA TriggerAuthentication, Argo
 *   WorkflowTemplate, Crossplane Composition and ProviderConfig, ...): no status expected.
 * - Any other custom resource: its controller writes a status, so none yet means "waiting".
 * A target that knows better (a CRD without a status subresource) registers `statuslessHealth`
 * (health-statusless.ts) for that kind in its table.
 */
import { splitApiVersion, type Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';

const builtinGroups = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'extensions',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** Custom kinds documented as plain data, by API group. */
const dataKinds: Record<string, readonly string[]> = {
  'monitoring.coreos.com': ['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'ScrapeConfig', 'AlertmanagerConfig'],
  'networking.istio.io': [
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
    'WorkloadEntry',
    'WorkloadGroup',
    'EnvoyFilter',
    'ProxyConfig',
  ],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
  'extensions.istio.io': ['WasmPlugin'],
  'keda.sh': ['TriggerAuthentication', 'ClusterTriggerAuthentication'],
  'argoproj.io': ['WorkflowTemplate', 'ClusterWorkflowTemplate', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'WorkflowEventBinding'],
  'gateway.networking.k8s.io': ['ReferenceGrant'],
  'snapshot.storage.k8s.io': ['VolumeSnapshotClass'],
  'traefik.io': [
    'IngressRoute',
    'IngressRouteTCP',
    'IngressRouteUDP',
    'Middleware',
    'MiddlewareTCP',
    'TLSOption',
    'TLSStore',
    'ServersTransport',
    'ServersTransportTCP',
    'TraefikService',
  ],
  'traefik.containo.us': [
    'IngressRoute',
    'IngressRouteTCP',
    'IngressRouteUDP',
    'Middleware',
    'MiddlewareTCP',
    'TLSOption',
    'TLSStore',
    'ServersTransport',
    'TraefikService',
  ],
  'notification.toolkit.fluxcd.io': ['Alert', 'Provider'],
  'apiextensions.crossplane.io': ['Composition', 'CompositionRevision', 'EnvironmentConfig'],
  'pkg.crossplane.io': ['DeploymentRuntimeConfig', 'ControllerConfig'],
  'generators.external-secrets.io': [
    'Password',
    'ECRAuthorizationToken',
    'GCRAccessToken',
    'ACRAccessToken',
    'Fake',
    'VaultDynamicSecret',
    'UUID',
    'Webhook',
  ],
};

/** Crossplane providers' configuration kinds, in every provider's own group. */
const crossplaneDataKinds = new Set(['ProviderConfig', 'ClusterProviderConfig', 'ProviderConfigUsage', 'ClusterProviderConfigUsage']);

export function isBuiltinGroup(group: string): boolean {
  return builtinGroups.has(group);
}

/** Whether a controller is expected to write this object's status. */
export function expectsStatus(object: Manifest): boolean {
  const { group } = splitApiVersion(object.apiVersion);
  if (isBuiltinGroup(group)) return false;
  if (dataKinds[group]?.includes(object.kind)) return false;
  if ((group.endsWith('crossplane.io') || group.endsWith('upbound.io')) && crossplaneDataKinds.has(object.kind)) return false;
  return true;
}

/** The verdict on an object that has no status at all. */
export function noStatusHealth(object: Manifest): HealthStatus {
  if (expectsStatus(object)) return { status: 'Progressing', message: `Waiting for the ${object.kind} controller to write status` };
  return { status: 'Healthy', message: 'No status to assess' };
}
