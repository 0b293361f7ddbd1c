import { readdir } from 'node:fs/promises';
import { RenderError } from '../core/errors.js';
import { assertNoDuplicates } from './assert-no-duplicates.js';
import { createDirectoryRenderer, type DirectoryRendererOptions } from './directory/index.js';
import type { Renderer } from './renderer.js';
import { resolveRenderDir, resolveTreeDir } from './resolve-render-dir.js';

/** File names that make a directory a kustomization (as kustomize looks for them). */
import { KUSTOMIZATION_FILE_NAMES } from './kustomize/kustomization-file-names.js';

export interface RendererOptions extends DirectoryRendererOptions {
  /** The renderer for kustomization directories; default: the Kustomize renderer, loaded on first use. */
  kustomize?: Renderer;
  /** The renderer for chart directories (holding Chart.yaml); default: the Helm renderer, loaded on first use. */
  helm?: Renderer;
  /** Fetches a Kustomize remote base an app allows (`kustomize.allowRemoteBases`) into a local directory. */
  fetchRemote?: (url: string) => Promise<string>;
}

/** What `./kustomize/index.js` provides; the module is imported only when a kustomization is met. */

/**
 * The renderer an Application uses: a directory holding `kustomization.yaml`, `kustomization.yml` or
 * `Kustomization` goes to the Kustomize renderer, any other to the plain directory renderer. Both
 * results are checked for duplicate objects. From a tree (`renderTree`) only a plain directory is
 * rendered; a kustomization needs a checkout.
 */
export function createRenderer(options: RendererOptions = {}): Required<Renderer> {
  const { kustomize: given, helm: givenHelm, fetchRemote, ...limits } = options;
  const directory = createDirectoryRenderer(limits);
  let kustomize: Promise<Renderer> | undefined = given ? Promise.resolve(given) : undefined;
  let helm: Promise<Renderer> | undefined = givenHelm ? Promise.resolve(givenHelm) : undefined;
  return {
    async render(input) {
      const dir = await resolveRenderDir(input.root, input.path);
      const names = await readdir(dir.real);
      if (names.includes('Chart.yaml') && !KUSTOMIZATION_FILE_NAMES.some((name) => names.includes(name))) {
        helm ??= loadHelmRenderer().catch((error: unknown) => {
          helm = undefined;
          throw error;
        });
        const objects = await (await helm).render(input);
        assertNoDuplicates(objects);
        return objects;
      }
      if (!KUSTOMIZATION_FILE_NAMES.some((name) => names.includes(name))) return directory.render(input);
      kustomize ??= loadKustomizeRenderer(fetchRemote).catch((error: unknown) => {
        kustomize = undefined; // try again on the next render
        throw error;
      });
      const objects = await (await kustomize).render(input);
      assertNoDuplicates(objects);
      return objects;
    },
    // A kustomization reads files anywhere in the checkout (bases, patches, generators): it gets one.
    async renderTree(input) {
      const dir = resolveTreeDir(input.tree, input.path);
      if (dir === undefined) return undefined;
      const inDir = (name: string) => (dir === '' ? name : `${dir}/${name}`);
      if (KUSTOMIZATION_FILE_NAMES.some((name) => input.tree.files.has(inDir(name)) || input.tree.directories.has(inDir(name))))
        return undefined;
      // A chart is rendered from a checkout (its values files, subcharts and .helmignore are files).
      if (input.tree.files.has(inDir('Chart.yaml'))) return undefined;
      return directory.renderTree(input);
    },
  };
}

async function loadHelmRenderer(): Promise<Renderer> {
  try {
    const { createHelmRenderer } = await import('./helm/helm-renderer.js');
    return createHelmRenderer();
  } catch (cause) {
    throw new RenderError(`the Helm renderer could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

async function loadKustomizeRenderer(fetchRemote?: (url: string) => Promise<string>): Promise<Renderer> {
  try {
    const { createKustomizeRenderer } = await import('./kustomize/index.js');
    return createKustomizeRenderer({ fetchRemote });
  } catch (cause) {
    throw new RenderError(`the Kustomize renderer could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
