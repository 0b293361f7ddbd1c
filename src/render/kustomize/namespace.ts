import { applyFieldSpec, setSlot, type FieldSpec } from './field-spec.js';
import { idString, isClusterScoped } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject } from './resource.js';
import { RenderError } from '../../core/errors.js';

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `namespace:` transformer: sets metadata.namespace on namespaced resources, the name of
 * v1 Namespaces, the configured extra fields, and RoleBinding subjects named "default".
 */
export function setNamespace(m: ResourceMap, namespace: string, fieldSpecs: FieldSpec[], file: string): void {
  if (namespace === '') return;
  for (const r of m.resources()) {
    r.storePreviousId();
    const obj = r.obj;
    const apiVersion = r.apiVersion;
    let specs = fieldSpecs.filter((fs) => fs.path !== 'metadata/namespace' && (apiVersion === 'v1' || fs.path !== 'metadata/name'));
    const gvk = r.gvk();
    if (!isClusterScoped(gvk)) r.metadata.namespace = namespace;
    if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
      specs = specs.filter((fs) => !((fs.kind === 'RoleBinding' || fs.kind === 'ClusterRoleBinding') && fs.path === 'subjects/namespace'));
      const subjects = obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) {
          if (isMap(s) && s.name === 'default') s.namespace = namespace;
        }
      }
    }
    for (const fs of specs) applyFieldSpec(obj, fs, (slot) => setSlot(slot, namespace), 'scalar');
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
