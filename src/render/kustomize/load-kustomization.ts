import { RenderError } from '../../core/errors.js';
import { deprecationWarnings } from './deprecations.js';
import { decodeStrict, KUSTOMIZATION_SCHEMA, type Kustomization } from './kustomization.js';
import type { KustLoader } from './kust-loader.js';
import { parseYamlDocument } from './yaml-io.js';

export const KUSTOMIZATION_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const COMPONENT_VERSION = 'kustomize.config.k8s.io/v1alpha1';

export interface LoadedKustomization {
  k: Kustomization;
  /** The kustomization file, as shown in messages. */
  file: string;
  isComponent: boolean;
}

/**
 * Reads, validates and normalises the kustomization of a directory: unknown fields and wrong types
 * are errors, deprecated fields are reported to `warn` (kustomize's wording) and folded into their
 * replacements (bases -> resources, imageTags -> images, env -> envs), as kustomize's
 * FixKustomization does.
 */
export async function loadKustomization(ldr: KustLoader, warn?: (message: string, file: string) => void): Promise<LoadedKustomization> {
  const name = await ldr.kustomizationFile();
  const { text, file } = await ldr.load(name);
  const raw = parseYamlDocument(text, file, { uniqueKeys: false });
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new RenderError(`${file}: invalid Kustomization: expected a mapping`, { file });
  }
  let k: Kustomization;
  try {
    k = (decodeStrict(raw ?? {}, { obj: KUSTOMIZATION_SCHEMA }, '') ?? {}) as Kustomization;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new RenderError(`${file}: invalid Kustomization: ${message}`, { file, cause });
  }
  // As kustomize's KustTarget.Load: the warnings come before any other check of the file.
  for (const message of deprecationWarnings(k)) warn?.(message, file);
  const kind = k.kind || 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component') {
    throw new RenderError(`${file}: kind should be Kustomization or Component`, { file });
  }
  const required = kind === 'Component' ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  if (k.apiVersion && k.apiVersion !== required) {
    throw new RenderError(`${file}: apiVersion for ${kind} should be ${required}`, { file });
  }
  const fixed: Kustomization = { ...k, kind, apiVersion: k.apiVersion || required };
  fixed.resources = [...(k.resources ?? []), ...(k.bases ?? [])];
  delete fixed.bases;
  fixed.images = [...(k.images ?? []), ...(k.imageTags ?? [])];
  delete fixed.imageTags;
  for (const list of [fixed.configMapGenerator, fixed.secretGenerator]) {
    for (const g of list ?? []) {
      if (g.env) {
        g.envs = [...(g.envs ?? []), g.env];
        delete g.env;
      }
    }
  }
  const significant = Object.keys(k).filter((f) => f !== 'apiVersion' && f !== 'kind');
  if (significant.length === 0) throw new RenderError(`${file}: kustomization.yaml is empty`, { file });
  if ((k.helmChartInflationGenerator?.length ?? 0) > 0) {
    throw new RenderError(`${file}: helmChartInflationGenerator is not supported (use helmCharts, rendered natively)`, { file });
  }
  if ((k.validators?.length ?? 0) > 0) {
    throw new RenderError(
      `${file}: 'validators' are not supported: kustomize has no built-in validator, and external plugins are refused`,
      {
        file,
      },
    );
  }
  return { k: fixed, file, isComponent: kind === 'Component' };
}
