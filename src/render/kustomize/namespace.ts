import { applyFieldSpec, setSlot, slotValue, type FieldSpec, type Slot } from './field-spec.js';
import { idString, isClusterScoped } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject, Resource } from './resource.js';
import { RenderError } from '../../core/errors.js';

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How the NamespaceTransformer plugin may be configured beyond its namespace and field specs. */
export interface NamespaceOptions {
  /** Only set namespace fields that are empty or missing. */
  unsetOnly?: boolean;
  /** Which RoleBinding / ClusterRoleBinding subjects get the namespace (default: those named "default"). */
  roleBindingSubjects?: 'defaultOnly' | 'allServiceAccounts' | 'none';
}

/**
 * The `namespace:` transformer (kustomize's NamespaceTransformer): sets metadata.namespace on
 * namespaced resources, the name of v1 Namespaces, the configured extra fields, and RoleBinding
 * subjects named "default" (or as `options.roleBindingSubjects` says).
 */
export function setNamespace(
  m: ResourceMap,
  namespace: string,
  fieldSpecs: FieldSpec[],
  file: string,
  options: NamespaceOptions = {},
): void {
  if (namespace === '') return;
  for (const r of m.resources()) {
    if (Object.keys(r.obj).length === 0) continue;
    r.storePreviousId();
    setResourceNamespace(r, namespace, fieldSpecs, options);
  }
  m.invalidate();
  const seen = new Map<string, number>();
  for (const r of m.resources()) seen.set(r.curKey(), (seen.get(r.curKey()) ?? 0) + 1);
  for (const r of m.resources()) {
    if ((seen.get(r.curKey()) ?? 0) > 1) {
      throw new RenderError(`${file}: namespace transformation produces ID conflict: ${idString(r.curId())}`, {
        file,
        code: 'DuplicateObject',
      });
    }
  }
}

/** kustomize's namespace filter on one resource (no previous id recorded): see setNamespace. */
export function setResourceNamespace(r: Resource, namespace: string, fieldSpecs: FieldSpec[], options: NamespaceOptions = {}): void {
  const set = (slot: Slot) => {
    const current = slotValue(slot);
    if (options.unsetOnly && current !== undefined && current !== null && current !== '') return;
    setSlot(slot, namespace);
  };
  const subjects = options.roleBindingSubjects ?? 'defaultOnly';
  const obj = r.obj;
  const apiVersion = r.apiVersion;
  let specs = fieldSpecs.filter((fs) => fs.path !== 'metadata/namespace' && (apiVersion === 'v1' || fs.path !== 'metadata/name'));
  const gvk = r.gvk();
  if (!isClusterScoped(gvk)) set({ parent: r.metadata, key: 'namespace' });
  if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
    specs = specs.filter((fs) => !((fs.kind === 'RoleBinding' || fs.kind === 'ClusterRoleBinding') && fs.path === 'subjects/namespace'));
    const list = obj.subjects;
    if (Array.isArray(list) && subjects !== 'none') {
      for (const s of list) {
        if (!isMap(s)) continue;
        if (subjects === 'defaultOnly' ? s.name === 'default' : s.kind === 'ServiceAccount') set({ parent: s, key: 'namespace' });
      }
    }
  }
  for (const fs of specs) applyFieldSpec(obj, fs, set, 'scalar');
}
