import { applyFieldSpec, type FieldSpec, slotValue, setSlot } from './field-spec.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject } from './resource.js';
import { mergeAll, mergeOne, type TransformerConfig } from './transformer-config.js';
import type { LabelInput } from './kustomization.js';
import { makeFieldSpec } from './field-spec.js';

/**
 * Adds string entries to the maps at the given field specs (creating them where the spec says so):
 * the common part of the labels and annotations transformers.
 */
export function addMapEntries(m: ResourceMap, entries: Record<string, string>, fieldSpecs: FieldSpec[]): void {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) return;
  for (const r of m.resources()) {
    for (const k of keys) {
      for (const fs of fieldSpecs) {
        applyFieldSpec(
          r.obj,
          fs,
          (slot) => {
            let target = slotValue(slot);
            if (target === null || target === undefined) {
              target = {};
              setSlot(slot, target);
            }
            if (typeof target !== 'object' || Array.isArray(target)) {
              throw new Error(`cannot set ${k} in '${fs.path}': not a mapping`);
            }
            (target as JsonObject)[k] = entries[k];
          },
          'map',
        );
      }
    }
  }
}

/** The field specs one `labels:` entry applies to (kustomize's LabelTransformer configuration). */
export function labelFieldSpecs(label: LabelInput, tc: TransformerConfig): FieldSpec[] {
  let fss = mergeAll((label.fields ?? []).map(makeFieldSpec), tc.labels);
  if (label.includeSelectors) {
    fss = mergeAll(fss, tc.commonLabels);
  } else {
    if (label.includeTemplates) fss = mergeAll(fss, tc.templateLabels);
    fss = mergeOne(fss, makeFieldSpec({ path: 'metadata/labels', create: true }));
  }
  return fss;
}
