import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import type { Renderer } from '../render/renderer.js';
import { readFileInside } from '../render/confined-fs.js';
import { resolveFileSources } from '../target/host/file-sources.js';
import type { RenderCache } from '../render/render-cache.js';
import type { ParseCache } from '../render/parse-cache.js';
import type { Revision, Source } from '../source/source.js';

export interface RenderedApp {
  revision: Revision;
  objects: Manifest[];
}

/**
 * Resolves the app's revision, checks it out and renders its path. Throws (SourceError,
 * RenderError) on any failure: a partial render must never reach apply or prune.
 */
export async function renderApplication(deps: { source: Source; renderer: Renderer; renderCache?: RenderCache; parseCache?: ParseCache }, app: ResolvedApplication, revisionOverride?: string | Revision): Promise<RenderedApp> {
  const resolved = typeof revisionOverride === 'object' ? revisionOverride : undefined;
  const spec = { repoURL: app.source.repoURL, targetRevision: resolved?.sha ?? (revisionOverride as string | undefined) ?? app.source.targetRevision, path: app.source.path };
  const revision = resolved ?? await deps.source.resolve(spec);
  const cache = app.source.allowRemoteBases ? undefined : deps.renderCache;
  const key = { sha: revision.sha, path: app.source.path, directory: app.source.directory };
  const cached = cache?.get(key);
  if (cached) return { revision, objects: cached };
  const checkout = await deps.source.checkout(spec, revision.sha);
  try {
    const rendered = await deps.renderer.render({
      root: checkout.dir,
      path: app.source.path,
      directory: app.source.directory,
      allowRemoteBases: app.source.allowRemoteBases,
      parseCache: deps.parseCache,
    });
    deps.parseCache?.flush?.();
    // Host Files may take their content from a file of the repository (relative to the app's path).
    const base = path.join(checkout.dir, app.source.path);
    const objects = await resolveFileSources(rendered.map((r) => r.object), async (rel) => (await readFileInside(checkout.dir, rel, { base })).text);
    cache?.put(key, objects);
    return { revision, objects };
  } finally {
    await checkout.release();
  }
}
