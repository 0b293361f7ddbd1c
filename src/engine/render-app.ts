import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import type { Renderer } from '../render/renderer.js';
import type { Revision, Source } from '../source/source.js';

export interface RenderedApp {
  revision: Revision;
  objects: Manifest[];
}

/**
 * Resolves the app's revision, checks it out and renders its path. Throws (SourceError,
 * RenderError) on any failure: a partial render must never reach apply or prune.
 */
export async function renderApplication(deps: { source: Source; renderer: Renderer }, app: ResolvedApplication, revisionOverride?: string): Promise<RenderedApp> {
  const spec = { repoURL: app.source.repoURL, targetRevision: revisionOverride ?? app.source.targetRevision, path: app.source.path };
  const revision = await deps.source.resolve(spec);
  const checkout = await deps.source.checkout(spec, revision.sha);
  try {
    const rendered = await deps.renderer.render({
      root: checkout.dir,
      path: app.source.path,
      directory: app.source.directory,
      allowRemoteBases: app.source.allowRemoteBases,
    });
    return { revision, objects: rendered.map((r) => r.object) };
  } finally {
    await checkout.release();
  }
}
