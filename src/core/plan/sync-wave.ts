import { TidewayError } from '../errors.js';
import type { Manifest } from '../model/manifest.js';
import { refOf, refString } from '../model/object-ref.js';

/** Tideway's own annotation first, then Argo CD's, read as is. */
export const WAVE_ANNOTATIONS = ['tideway.dev/sync-wave', 'argocd.argoproj.io/sync-wave'] as const;
/** Helm's hook weight orders hooks as a wave does (as Argo CD reads it), when no wave annotation is set. */
export const HELM_HOOK_WEIGHT = 'helm.sh/hook-weight';

const INTEGER = /^\s*[-+]?\d{1,9}\s*$/;

/**
 * The sync wave of an object: an integer, 0 when unset; lower waves go first. A value that is not an
 * integer is refused (Argo CD silently reads it as 0, which reorders a sync without a word).
 */
export function waveOf(object: Manifest, isHelmHook = false): number {
  const annotations = object.metadata.annotations ?? {};
  const keys = isHelmHook ? [...WAVE_ANNOTATIONS, HELM_HOOK_WEIGHT] : WAVE_ANNOTATIONS;
  for (const key of keys) {
    const value = annotations[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !INTEGER.test(value)) {
      throw new TidewayError(
        'InvalidManifest',
        `${refString(refOf(object))}: metadata.annotations["${key}"]: must be an integer, got ${JSON.stringify(value)}`,
      );
    }
    return Number.parseInt(value, 10);
  }
  return 0;
}
