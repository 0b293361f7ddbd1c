import { RenderError } from '../../core/errors.js';
import type { Manifest, RenderedObject } from '../../core/model/manifest.js';
import type { RenderWarning } from '../renderer.js';
import { contentHash } from './hash.js';
import { KustLoader, type RemotePolicy } from './kust-loader.js';
import { accumulateTarget, Accumulator, BuildState } from './kust-target.js';
import { applySortOptions } from './legacy-sort.js';
import { loadKustomization } from './load-kustomization.js';
import { fixNameReferences } from './name-reference.js';
import { ORIGIN_ANNOTATION, originText } from './origin.js';
import { stringMap, type Resource } from './resource.js';
import { resolveVars } from './vars.js';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** Bounds of one build: past them it fails with a RenderError (Timeout, InputTooLarge) naming the kustomization. */
export interface KustomizeBounds {
  /** Wall-clock time of the whole build (default 60 s), checked as each base is accumulated. */
  timeoutMs?: number;
  /** Objects accumulated at any point of the build (default 20,000). */
  maxObjects?: number;
}

export const DEFAULT_BOUNDS: Required<KustomizeBounds> = { timeoutMs: 60_000, maxObjects: 20_000 };

/**
 * Builds the kustomization in `relDir` of the repository at `repoRoot`: accumulates every base,
 * component, generator and transformer, then adds hash suffixes, fixes name references, resolves
 * vars, drops local-config objects and sorts — `kustomize build`, in process. Warnings (deprecated
 * fields) go to `onWarning` as kustomize prints them.
 */
export async function buildKustomization(
  repoRoot: string,
  relDir: string,
  remote: RemotePolicy,
  onWarning?: (warning: RenderWarning) => void,
  bounds: KustomizeBounds = {},
): Promise<RenderedObject[]> {
  const ldr = await KustLoader.atRoot(repoRoot, relDir, remote);
  const state = new BuildState(onWarning);
  state.timeoutMs = bounds.timeoutMs ?? DEFAULT_BOUNDS.timeoutMs;
  state.deadline = Date.now() + state.timeoutMs;
  state.maxObjects = bounds.maxObjects ?? DEFAULT_BOUNDS.maxObjects;
  const lk = await loadKustomization(ldr, state.warn);
  await state.applyOpenApi(lk.k, ldr, lk.file, true);
  const buildMetadata = lk.k.buildMetadata ?? [];
  for (const option of buildMetadata) {
    if (option === 'transformerAnnotations')
      throw new RenderError(`${lk.file}: buildMetadata: transformerAnnotations is not supported`, { file: lk.file });
    if (option !== 'originAnnotations' && option !== 'managedByLabel') {
      throw new RenderError(
        `${lk.file}: buildMetadata option '${option}' must be one of [originAnnotations transformerAnnotations managedByLabel]`,
        { file: lk.file },
      );
    }
  }
  state.trackOrigin = buildMetadata.length > 0;
  const ra = await accumulateTarget(ldr, lk, new Accumulator(), state);
  state.checkBounds(lk.file, ra.map.resources().length);
  const m = ra.map;

  for (const r of m.resources()) {
    if (!r.needsHash) continue;
    let h: string;
    try {
      h = contentHash(r.obj);
    } catch (cause) {
      throw new RenderError(`${r.file}: cannot hash ${r.kind}/${r.name}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        file: r.file,
        cause,
      });
    }
    r.storePreviousId();
    r.name = `${r.name}-${h}`;
  }
  m.invalidate();
  fixNameReferences(m, ra.config.nameReference, lk.file);
  resolveVars(m, ra.vars, ra.config.varReference, lk.file);

  const kept = m.resources().filter((r) => {
    const v = r.annotations()[LOCAL_CONFIG];
    return v === undefined || v === 'false';
  });
  const sorted = applySortOptions(kept, lk.k, lk.file);
  const managedBy = buildMetadata.includes('managedByLabel');
  const origins = buildMetadata.includes('originAnnotations');
  return sorted.map((r) => {
    if (managedBy) r.metadata.labels = { ...r.labels(), [MANAGED_BY]: MANAGED_BY_VALUE };
    if (origins && r.origin) r.metadata.annotations = { ...r.annotations(), [ORIGIN_ANNOTATION]: originText(r.origin) };
    return { object: finish(r), origin: { file: r.file } };
  });
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';
/** What kubectl v1.32's embedded kustomize writes (its build has no module version). */
const MANAGED_BY_VALUE = 'kustomize-(devel)';

/** kustomize rewrites metadata.annotations at the end: values as strings, an empty map removed. */
function finish(r: Resource): Manifest {
  const md = r.obj.metadata;
  if (typeof md === 'object' && md !== null && !Array.isArray(md) && 'annotations' in md) {
    r.setStringMap('annotations', stringMap(r.annotations()));
  }
  return r.obj as unknown as Manifest;
}
