import type { Kustomization } from './kustomization.js';

const EDIT_FIX = "Run 'kustomize edit fix' to update your Kustomization automatically.";
const EDIT_FIX_EXPERIMENTAL = `[EXPERIMENTAL] ${EDIT_FIX}`;

/** Deprecated kustomization fields, their replacements and the hint, in the order kustomize checks them. */
const DEPRECATED: Array<[keyof Kustomization, string, string]> = [
  ['bases', 'resources', EDIT_FIX],
  ['commonLabels', 'labels', EDIT_FIX],
  ['imageTags', 'images', EDIT_FIX],
  ['patchesJson6902', 'patches', EDIT_FIX],
  ['patchesStrategicMerge', 'patches', EDIT_FIX],
  ['vars', 'replacements', EDIT_FIX_EXPERIMENTAL],
];

/**
 * The warnings kustomize v5.5 prints (on stderr, never failing) for the deprecated fields a
 * kustomization sets (types.Kustomization.CheckDeprecatedFields), worded and ordered as it prints
 * them. A field set to an empty list or map counts; one set to null does not. `k` is the file as
 * decoded, before deprecated fields are folded into their replacements.
 */
export function deprecationWarnings(k: Kustomization): string[] {
  return DEPRECATED.filter(([field]) => k[field] !== undefined && k[field] !== null).map(
    ([field, instead, hint]) => `# Warning: '${field}' is deprecated. Please use '${instead}' instead. ${hint}`,
  );
}
