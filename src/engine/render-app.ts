import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import type { RenderInput, Renderer, RenderWarning } from '../render/renderer.js';
import { readFileInside } from '../fs/confined-fs.js';
import { resolveFileSources } from '../target/host/file-sources.js';
import type { RenderCache } from '../render/render-cache.js';
import type { ParseCache } from '../render/parse-cache.js';
import type { Source, SourceSpec } from '../source/source.js';
import type { Revision } from '../core/model/revision.js';

export interface RenderedApp {
  revision: Revision;
  objects: Manifest[];
  /** What the render warned about without failing (deprecated kustomization fields), in the order given. */
  warnings: RenderWarning[];
  /**
   * Writes what this render adds to the render and parse caches, a slice per turn of the event loop,
   * once however often it is called; never fails (a cache not written only costs work next time).
   * Left to the caller, so that the writing overlaps its wait on the network instead of delaying its
   * first request; the caller awaits it before it ends.
   */
  saveCaches(): Promise<void>;
}

const nothingToSave = () => Promise.resolve();

type RenderDeps = { source: Source; renderer: Renderer; renderCache?: RenderCache; parseCache?: ParseCache };

/**
 * Resolves the app's revision and renders its path: from the commit's files in memory when the source
 * and the renderer can (a plain directory), else from a checkout. Throws (SourceError, RenderError) on
 * any failure: a partial render must never reach apply or prune.
 * `revisionOverride` is a revision name to resolve instead of `targetRevision`, a resolved commit, or
 * a resolve of the caller's under way.
 * `onSourceWaiting` is called once the source waits on a fetch (its git process running), or at
 * once when the revision is given or under way; the caller may then use the main thread for other work.
 */
export async function renderApplication(
  deps: RenderDeps,
  app: ResolvedApplication,
  revisionOverride?: string | Revision | Promise<Revision>,
  onSourceWaiting?: () => void,
): Promise<RenderedApp> {
  if (typeof revisionOverride === 'object') onSourceWaiting?.();
  const resolved = typeof revisionOverride === 'object' ? await revisionOverride : undefined;
  const spec = {
    repoURL: app.source.repoURL,
    targetRevision: resolved?.sha ?? (revisionOverride as string | undefined) ?? app.source.targetRevision,
    path: app.source.path,
  };
  const revision = resolved ?? (await deps.source.resolve(spec, { onFetchStarted: onSourceWaiting }));
  const cache = app.source.allowRemoteBases ? undefined : deps.renderCache;
  const key = { sha: revision.sha, path: app.source.path, directory: app.source.directory, allowEmpty: app.syncPolicy.allowEmpty };
  const cached = cache?.get(key);
  if (cached) return { revision, objects: cached.objects, warnings: cached.warnings, saveCaches: nothingToSave };
  const warnings: RenderWarning[] = [];
  const input = {
    path: app.source.path,
    directory: app.source.directory,
    allowRemoteBases: app.source.allowRemoteBases,
    allowEmpty: app.syncPolicy.allowEmpty,
    parseCache: deps.parseCache,
    onWarning: (w: RenderWarning) => warnings.push(w),
  };
  const objects = (await renderFromTree(deps, spec, revision.sha, input)) ?? (await renderFromCheckout(deps, spec, revision.sha, input));
  let saving: Promise<void> | undefined;
  const saveCaches = () =>
    (saving ??= (async () => {
      try {
        await deps.parseCache?.flush?.();
        await cache?.put(key, objects, warnings);
      } catch {
        // As said on RenderedApp.saveCaches.
      }
    })());
  return { revision, objects, warnings, saveCaches };
}

/** The objects rendered from the commit's files in memory; undefined when a checkout is needed. */
async function renderFromTree(
  deps: RenderDeps,
  spec: SourceSpec,
  sha: string,
  input: Omit<RenderInput, 'root'>,
): Promise<Manifest[] | undefined> {
  if (!deps.source.readTree || !deps.renderer.renderTree) return undefined;
  const tree = await deps.source.readTree(spec, sha);
  const rendered = tree && (await deps.renderer.renderTree({ ...input, tree }));
  if (!rendered) return undefined;
  const objects = rendered.map((r) => r.object);
  // Host Files taking their content from a repository file read it from a checkout, with the confined reader.
  let readsFiles = false;
  await resolveFileSources(objects, async () => {
    readsFiles = true;
    return '';
  });
  if (readsFiles) return undefined;
  return objects;
}

async function renderFromCheckout(deps: RenderDeps, spec: SourceSpec, sha: string, input: Omit<RenderInput, 'root'>): Promise<Manifest[]> {
  const checkout = await deps.source.checkout(spec, sha);
  try {
    const rendered = await deps.renderer.render({ ...input, root: checkout.dir });
    // Host Files may take their content from a file of the repository (relative to the app's path).
    const base = path.join(checkout.dir, input.path);
    return await resolveFileSources(
      rendered.map((r) => r.object),
      async (rel) => (await readFileInside(checkout.dir, rel, { base })).text,
    );
  } finally {
    await checkout.release();
  }
}
