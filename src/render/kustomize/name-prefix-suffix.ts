import { applyFieldSpec, setSlot, slotValue, type FieldSpec } from './field-spec.js';
import { gvkSelected, type Gvk } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import { scalarText } from './resource.js';

const SKIPPED: Partial<Gvk>[] = [
  { kind: 'CustomResourceDefinition' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { kind: 'Namespace' },
];

/**
 * namePrefix / nameSuffix: renames every resource (except CRDs, APIServices and Namespaces) and
 * records the previous id so references can be fixed later.
 */
export function addNameAffix(m: ResourceMap, affix: string, where: 'prefix' | 'suffix', fieldSpecs: FieldSpec[]): void {
  if (affix === '') return;
  for (const r of m.resources()) {
    const org = r.orgId();
    if (SKIPPED.some((s) => gvkSelected(org, s))) continue;
    for (const fs of fieldSpecs) {
      if (!gvkSelected(org, fs)) continue;
      if (fs.path === 'metadata/name') {
        if (where === 'prefix') r.prefixes.push(affix);
        else r.suffixes.push(affix);
        r.storePreviousId();
      }
      applyFieldSpec(
        r.obj,
        fs,
        (slot) => {
          const v = scalarText(slotValue(slot));
          setSlot(slot, where === 'prefix' ? affix + v : v + affix);
        },
        'scalar',
      );
    }
  }
  m.invalidate();
}
