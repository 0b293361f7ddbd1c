import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import type { RenderedObject } from '../../core/model/manifest.js';
import type { Renderer, RenderInput } from '../renderer.js';
import { resolveInside } from '../../fs/confined-fs.js';
import { buildKustomization, type KustomizeBounds } from './build.js';
import { findKustomizationFileIn } from './kust-loader.js';
import { emitYamlDocument } from './yaml-emit.js';

export interface KustomizeRendererOptions {
  /** Fetches a remote base (a git URL as written in `resources`) and returns its local directory. */
  fetchRemote?: (url: string) => Promise<string>;
  /** Time and object bounds of each build (defaults: 60 s, 20,000 objects; see build.ts). */
  bounds?: KustomizeBounds;
}

/**
 * The path of the kustomization file in `dir` (kustomization.yaml, kustomization.yml or
 * Kustomization), undefined when there is none; several of them is an error, as in kustomize.
 */
export async function findKustomizationFile(dir: string): Promise<string | undefined> {
  const found = await findKustomizationFileIn(dir);
  if (found.length > 1) {
    throw new RenderError(`${dir}: found multiple kustomization files: ${found.join(', ')}`, { file: dir });
  }
  return found.length === 1 ? path.join(dir, found[0]) : undefined;
}

/** A Renderer that builds kustomizations in process, producing what `kustomize build` (v5.5) produces. */
export function createKustomizeRenderer(options: KustomizeRendererOptions = {}): Renderer {
  return {
    async render(input: RenderInput): Promise<RenderedObject[]> {
      const rel = input.path === '' ? '.' : input.path;
      try {
        await resolveInside(input.root, rel);
        return await buildKustomization(
          input.root,
          rel,
          { allow: input.allowRemoteBases === true, fetch: options.fetchRemote, bound: input.fetchBound },
          input.onWarning,
          options.bounds,
        );
      } catch (cause) {
        if (cause instanceof RenderError) throw cause;
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new RenderError(`${rel}: kustomize build failed: ${message}`, { file: rel, cause });
      }
    },
  };
}

/** The YAML text kustomize prints for these objects: documents with sorted keys, joined by `---`. */
export function toYaml(objects: RenderedObject[]): string {
  return objects.map((o) => emitYamlDocument(o.object)).join('---\n');
}
