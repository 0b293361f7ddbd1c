import type { Manifest } from '../../core/model/manifest.js';
import { splitApiVersion } from '../../core/model/manifest.js';

/** A kind's REST resource: its plural name and whether its objects live in a namespace. */
export interface ResourceName {
  resource: string;
  namespaced: boolean;
}

/** `group/Kind` (core group: `/Kind`) -> resource, for the built-in kinds (Kubernetes 1.34). */
const BUILT_IN: Record<string, ResourceName> = {};
const add = (group: string, namespaced: boolean, kinds: Record<string, string>) => {
  for (const [kind, resource] of Object.entries(kinds)) BUILT_IN[`${group}/${kind}`] = { resource, namespaced };
};
add('', true, {
  Pod: 'pods',
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  ServiceAccount: 'serviceaccounts',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Endpoints: 'endpoints',
  Event: 'events',
  LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas',
  ReplicationController: 'replicationcontrollers',
  PodTemplate: 'podtemplates',
  Binding: 'bindings',
});
add('', false, { Namespace: 'namespaces', Node: 'nodes', PersistentVolume: 'persistentvolumes', ComponentStatus: 'componentstatuses' });
add('apps', true, {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  ControllerRevision: 'controllerrevisions',
});
add('extensions', true, { Deployment: 'deployments', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets', Ingress: 'ingresses' });
add('batch', true, { Job: 'jobs', CronJob: 'cronjobs' });
add('autoscaling', true, { HorizontalPodAutoscaler: 'horizontalpodautoscalers' });
add('policy', true, { PodDisruptionBudget: 'poddisruptionbudgets' });
add('networking.k8s.io', true, { Ingress: 'ingresses', NetworkPolicy: 'networkpolicies' });
add('networking.k8s.io', false, { IngressClass: 'ingressclasses', IPAddress: 'ipaddresses', ServiceCIDR: 'servicecidrs' });
add('rbac.authorization.k8s.io', true, { Role: 'roles', RoleBinding: 'rolebindings' });
add('rbac.authorization.k8s.io', false, { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' });
add('storage.k8s.io', false, {
  StorageClass: 'storageclasses',
  CSIDriver: 'csidrivers',
  CSINode: 'csinodes',
  VolumeAttachment: 'volumeattachments',
  VolumeAttributesClass: 'volumeattributesclasses',
});
add('storage.k8s.io', true, { CSIStorageCapacity: 'csistoragecapacities' });
add('apiextensions.k8s.io', false, { CustomResourceDefinition: 'customresourcedefinitions' });
add('apiregistration.k8s.io', false, { APIService: 'apiservices' });
add('admissionregistration.k8s.io', false, {
  ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
  MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
  ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
  MutatingAdmissionPolicy: 'mutatingadmissionpolicies',
  MutatingAdmissionPolicyBinding: 'mutatingadmissionpolicybindings',
});
add('scheduling.k8s.io', false, { PriorityClass: 'priorityclasses' });
add('node.k8s.io', false, { RuntimeClass: 'runtimeclasses' });
add('coordination.k8s.io', true, { Lease: 'leases' });
add('discovery.k8s.io', true, { EndpointSlice: 'endpointslices' });
add('events.k8s.io', true, { Event: 'events' });
add('certificates.k8s.io', false, { CertificateSigningRequest: 'certificatesigningrequests' });
add('flowcontrol.apiserver.k8s.io', false, { FlowSchema: 'flowschemas', PriorityLevelConfiguration: 'prioritylevelconfigurations' });
add('resource.k8s.io', true, { ResourceClaim: 'resourceclaims', ResourceClaimTemplate: 'resourceclaimtemplates' });
add('resource.k8s.io', false, { DeviceClass: 'deviceclasses', ResourceSlice: 'resourceslices' });

/** Resolves kinds to resources: the built-in table, then the CustomResourceDefinitions it was given. */
export interface ResourceNames {
  of(apiVersion: string, kind: string): ResourceName | undefined;
}

/**
 * The resource names of the built-in kinds and of the CustomResourceDefinitions among `objects`
 * (`spec.names.plural`, `spec.scope`), as discovery would tell them. `extra` (from a cluster's
 * discovery, when there is one) comes first.
 */
export function resourceNames(objects: readonly Manifest[], extra?: ResourceNames): ResourceNames {
  const custom = new Map<string, ResourceName>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = (o.spec ?? {}) as { group?: unknown; names?: { kind?: unknown; plural?: unknown }; scope?: unknown };
    if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string' || typeof spec.names.plural !== 'string') continue;
    custom.set(`${spec.group}/${spec.names.kind}`, { resource: spec.names.plural, namespaced: spec.scope !== 'Cluster' });
  }
  return {
    of(apiVersion, kind) {
      const found = extra?.of(apiVersion, kind);
      if (found) return found;
      const key = `${splitApiVersion(apiVersion).group}/${kind}`;
      return custom.get(key) ?? BUILT_IN[key];
    },
  };
}

/** The API server's guess for a kind it does not know (as `meta.UnsafeGuessKindToResource`): lower case, plural. */
export function guessResource(kind: string): ResourceName {
  const lower = kind.toLowerCase();
  const resource = lower.endsWith('s') ? `${lower}es` : lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  return { resource, namespaced: true };
}
