import type { Manifest } from '../model/manifest.js';
import { APP_LABEL } from './ownership.js';

/** Who manages a live object, as its labels, annotations and field managers tell. */
export type Owner = { kind: 'none' } | { kind: 'tideway'; app: string } | { kind: 'tool'; tool: string; detail: string };

/** Field managers of other GitOps and release tools: an object they apply is theirs. */
const TOOL_MANAGERS: Record<string, string> = {
  helm: 'Helm',
  'argocd-controller': 'Argo CD',
  'argocd-application-controller': 'Argo CD',
  argocd: 'Argo CD',
  'kustomize-controller': 'Flux',
  'helm-controller': 'Flux',
};

/**
 * The owner of a live object:
 * - another Tideway app: its `tideway.dev/app` label;
 * - Helm: `app.kubernetes.io/managed-by: Helm` or the `meta.helm.sh/release-name` annotation;
 * - Argo CD: the `argocd.argoproj.io/tracking-id` annotation or `argocd.argoproj.io/instance` label;
 * - Flux: the `kustomize.toolkit.fluxcd.io/name` or `helm.toolkit.fluxcd.io/name` label;
 * - any of those tools' field managers in `managedFields`.
 * Kubernetes' own controllers and a person's kubectl do not own what they touch: such an object is
 * unowned. (Argo CD's default `app.kubernetes.io/instance` label is not read: charts set it too.)
 */
export function ownerOf(live: Manifest): Owner {
  const labels = live.metadata?.labels ?? {};
  const annotations = live.metadata?.annotations ?? {};
  if (labels[APP_LABEL]) return { kind: 'tideway', app: labels[APP_LABEL] };
  const release = annotations['meta.helm.sh/release-name'];
  if (release || labels['app.kubernetes.io/managed-by']?.toLowerCase() === 'helm') {
    const ns = annotations['meta.helm.sh/release-namespace'];
    return { kind: 'tool', tool: 'Helm', detail: release ? `Helm release ${ns ? `${ns}/` : ''}${release}` : 'Helm' };
  }
  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  if (tracking) return { kind: 'tool', tool: 'Argo CD', detail: `Argo CD application ${tracking.split(':')[0]}` };
  if (labels['argocd.argoproj.io/instance'])
    return { kind: 'tool', tool: 'Argo CD', detail: `Argo CD application ${labels['argocd.argoproj.io/instance']}` };
  const flux = labels['kustomize.toolkit.fluxcd.io/name'] ?? labels['helm.toolkit.fluxcd.io/name'];
  if (flux) {
    const ns = labels['kustomize.toolkit.fluxcd.io/namespace'] ?? labels['helm.toolkit.fluxcd.io/namespace'];
    const what = labels['kustomize.toolkit.fluxcd.io/name'] ? 'Kustomization' : 'HelmRelease';
    return { kind: 'tool', tool: 'Flux', detail: `Flux ${what} ${ns ? `${ns}/` : ''}${flux}` };
  }
  const managers = (live.metadata?.managedFields as Array<{ manager?: string }> | undefined) ?? [];
  for (const m of managers) {
    const tool = m.manager && TOOL_MANAGERS[m.manager];
    if (tool) return { kind: 'tool', tool, detail: `${tool} (field manager ${m.manager})` };
  }
  return { kind: 'none' };
}
