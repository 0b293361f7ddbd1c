import { parseVersion } from '../chart/semver.js';

/**
 * `.Capabilities` as `helm template` builds it: a Kubernetes version (a released Helm 3.18 defaults to
 * v1.33.0, `--kube-version` replaces it) and an API version set (the group/versions client-go
 * knows, plus apiextensions v1 and v1beta1; `--api-versions` appends, or a caller replaces them all).
 */
export interface KubeVersion {
  version: string;
  major: string;
  minor: string;
}

export interface Capabilities {
  kubeVersion: KubeVersion;
  apiVersions: string[];
  helmVersion: { version: string; gitCommit: string; gitTreeState: string; goVersion: string };
}

/** client-go v0.33's scheme (Helm 3.18), in registration order, then the apiextensions versions Helm adds. */
export const DEFAULT_API_VERSIONS = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

export const HELM_VERSION = { version: 'v3.18.5', gitCommit: '', gitTreeState: '', goVersion: 'go1.24.5' };

export class KubeVersionError extends Error {}

/** chartutil.ParseKubeVersion: `1.16` is v1.16.0, a prerelease is kept (`v1.99.0-gke`). */
export function parseKubeVersion(text: string): KubeVersion {
  const v = parseVersion(text);
  if (v === undefined) throw new KubeVersionError(`invalid kube version '${text}': Invalid Semantic Version`);
  const [major, minor] = v.split('.');
  return { version: `v${v}`, major, minor };
}

export interface CapabilitiesOptions {
  kubeVersion?: string;
  /** Added to the defaults (`--api-versions`), or the whole set when `replaceApiVersions`. */
  apiVersions?: string[];
  replaceApiVersions?: boolean;
}

export function buildCapabilities(options: CapabilitiesOptions = {}): Capabilities {
  // A released Helm 3.18 binary's default (its client-go's version); Helm's own tests use v1.20.0.
  const kubeVersion = options.kubeVersion ? parseKubeVersion(options.kubeVersion) : { version: 'v1.33.0', major: '1', minor: '33' };
  const extra = (options.apiVersions ?? []).flatMap((a) => a.split(',')).filter((a) => a !== '');
  const apiVersions = options.replaceApiVersions ? extra : [...DEFAULT_API_VERSIONS, ...extra];
  return { kubeVersion, apiVersions, helmVersion: HELM_VERSION };
}
