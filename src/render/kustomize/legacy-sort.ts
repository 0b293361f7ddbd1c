import { RenderError } from '../../core/errors.js';
import type { Kustomization } from './kustomization.js';
import { gvkSortString, gvkString, kindRanks, type Gvk } from './res-id.js';
import type { Resource } from './resource.js';

export const DEFAULT_ORDER_FIRST = [
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
];
export const DEFAULT_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** Sorts resources in kustomize's legacy order: kind rank, then group/version/kind, then namespace and name. */
export function legacySort(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const ranks = kindRanks(orderFirst, orderLast);
  const keyed = resources.map((r) => {
    const id = r.curId();
    return { r, id, idString: `${gvkString(id)}|${id.namespace || '~X'}|${id.name || '~N'}` };
  });
  keyed.sort((a, b) => {
    if (!gvkEquals(a.id, b.id)) {
      const ia = ranks.get(a.id.kind) ?? 0;
      const ib = ranks.get(b.id.kind) ?? 0;
      if (ia !== ib) return ia - ib;
      const sa = gvkSortString(a.id);
      const sb = gvkSortString(b.id);
      if (a.id.kind === 'Namespace' && b.id.kind === 'Namespace' && (a.id.group === '' || b.id.group === ''))
        return sa > sb ? -1 : sa < sb ? 1 : 0;
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
    return a.idString < b.idString ? -1 : a.idString > b.idString ? 1 : 0;
  });
  return keyed.map((k) => k.r);
}

/** Applies the top-level kustomization's `sortOptions` (legacy by default; fifo keeps build order). */
export function applySortOptions(resources: Resource[], k: Kustomization, file: string): Resource[] {
  const opts = k.sortOptions;
  if (!opts) return legacySort(resources);
  const order = opts.order ?? '';
  if (order !== 'fifo' && order !== 'legacy')
    throw new RenderError(`${file}: the field 'sortOptions.order' must be one of [fifo, legacy]`, { file });
  if (order === 'fifo') {
    if (opts.legacySortOptions)
      throw new RenderError(
        `${file}: the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'`,
        { file },
      );
    return resources;
  }
  const lo = opts.legacySortOptions;
  return lo ? legacySort(resources, lo.orderFirst ?? [], lo.orderLast ?? []) : legacySort(resources);
}
