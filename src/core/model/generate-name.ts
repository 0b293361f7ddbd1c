/**
 * Annotations that make an object a hook (see core/plan/hook.ts). Only a hook may be named by
 * `metadata.generateName` instead of `metadata.name`: it is created anew on each run, while every
 * other object is applied by name (server-side apply needs one).
 */
export const HOOK_ANNOTATION_KEYS = ['tideway.dev/hook', 'argocd.argoproj.io/hook', 'helm.sh/hook'] as const;

/** True for a hook object that has `metadata.generateName` and no `metadata.name` (named when it runs). */
export function isGenerateNameHook(metadata: Record<string, unknown>): boolean {
  if (metadata.name !== undefined || typeof metadata.generateName !== 'string' || metadata.generateName === '') return false;
  const annotations = metadata.annotations as Record<string, unknown> | undefined;
  return !!annotations && typeof annotations === 'object' && HOOK_ANNOTATION_KEYS.some((k) => typeof annotations[k] === 'string');
}
