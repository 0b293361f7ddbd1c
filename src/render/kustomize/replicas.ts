import { RenderError } from '../../core/errors.js';
import { applyFieldSpec, setSlot, type FieldSpec } from './field-spec.js';
import { gvkSelected, gvkString } from './res-id.js';
import type { ResourceMap } from './resource-map.js';

/** The `replicas:` transformer: sets the count on resources with that (current or previous) name. */
export function setReplicas(m: ResourceMap, replicas: { name?: string; count?: number }[], fieldSpecs: FieldSpec[], file: string): void {
  for (const rep of replicas) {
    const name = rep.name ?? '';
    let found = false;
    for (const fs of fieldSpecs) {
      const matched = m.resources().filter((r) => [r.curId(), ...r.prevIds()].some((id) => id.name === name && gvkSelected(id, fs)));
      if (matched.length === 0) continue;
      found = true;
      for (const r of matched) applyFieldSpec(r.obj, fs, (slot) => setSlot(slot, rep.count ?? 0), 'scalar');
    }
    if (!found) {
      const gvks = fieldSpecs.map((fs) => gvkString(fs)).join(' ');
      throw new RenderError(`${file}: resource with name ${name} does not match a config with the following GVK [${gvks}]`, { file });
    }
  }
}
