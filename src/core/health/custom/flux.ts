/**
 * Flux (the GitOps Toolkit controllers), from its documentation of kstatus conditions: every Flux
 * object reports `Ready` (with `Reconciling` and `Stalled` while it works or gives up), so the
 * generic reading of those conditions is Flux's own: spec.suspend Suspended; observedGeneration
 * behind Progressing; Stalled=True Degraded; Ready=True Healthy, Unknown Progressing, False
 * Degraded unless its reason reads as work in progress. One exception: a HelmRepository of type
 * `oci` is never reconciled into an artifact and has no status: it is Healthy.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { genericHealth } from '../health-generic.js';
import { hasNoStatus, specOf } from '../status-fields.js';

export function helmRepositoryHealth(object: Manifest): HealthStatus {
  const spec = specOf(object);
  if (spec.type === 'oci' && spec.suspend !== true && hasNoStatus(object)) {
    return { status: 'Healthy', message: "Helm repositories of type 'oci' have no status" };
  }
  return genericHealth(object);
}

const kinds: Record<string, string[]> = {
  'kustomize.toolkit.fluxcd.io': ['Kustomization'],
  'helm.toolkit.fluxcd.io': ['HelmRelease'],
  'source.toolkit.fluxcd.io': ['GitRepository', 'OCIRepository', 'HelmChart', 'Bucket'],
  'image.toolkit.fluxcd.io': ['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'],
  'notification.toolkit.fluxcd.io': ['Receiver'],
};

export const fluxHealthChecks: HealthCheckEntry[] = [
  ...Object.entries(kinds).flatMap(([group, list]) => list.map((kind) => ({ group, kind, check: genericHealth }))),
  { group: 'source.toolkit.fluxcd.io', kind: 'HelmRepository', check: helmRepositoryHealth },
];
