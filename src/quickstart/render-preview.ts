import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import { renderApplication } from '../engine/render-app.js';
import { createRenderer } from '../render/select-renderer.js';
import { createGitSource } from '../source/git/index.js';
import type { Revision } from '../core/model/revision.js';

/**
 * Renders the app once before the agent starts, with the agent's own git cache (so its first fetch is
 * quick): a repository or path that does not work fails here with one clear line (the error; the git
 * source logs nothing), and the rendered Services tell where they will answer.
 */
export async function renderPreview(app: ResolvedApplication, dataDir: string): Promise<{ objects: Manifest[]; revision: Revision }> {
  const source = createGitSource({ cacheDir: path.join(dataDir, 'git') });
  try {
    return await renderApplication({ source, renderer: createRenderer() }, app);
  } finally {
    await source.close();
  }
}
