import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../core/model/manifest.js';
import type { RenderWarning } from './renderer.js';
import { jsonInSlices, writeCacheFile } from '../fs/cache-file.js';

/** Bump when a renderer's output for the same input changes. */
export const RENDER_CACHE_VERSION = 2;

export interface RenderKey {
  sha: string;
  path: string;
  directory: unknown;
  /** An app that allows an empty render may render to nothing where another fails (see RenderInput.allowEmpty). */
  allowEmpty?: boolean;
}

/**
 * Rendered objects of a commit, kept on disk: a commit's content never changes, so rendering it
 * again gives the same objects (remote bases excepted: those apps are never cached). Saves the
 * checkout and the render on every sync of an unchanged revision, in the agent and across CLI runs.
 */
export interface RenderCache {
  get(key: RenderKey): CachedRender | undefined;
  /** Writes a render, serialised a slice per turn of the event loop (see `jsonInSlices`); the objects must not change meanwhile. */
  put(key: RenderKey, objects: Manifest[], warnings?: RenderWarning[]): Promise<void>;
}

/** A render as the cache keeps it: its objects and the warnings the render gave. */
export interface CachedRender {
  objects: Manifest[];
  warnings: RenderWarning[];
}

export function createRenderCache(dir: string, options: { version?: string } = {}): RenderCache {
  const fileOf = (key: RenderKey) => {
    const id = createHash('sha256')
      .update(JSON.stringify([RENDER_CACHE_VERSION, options.version ?? '', key.sha, key.path, key.directory, key.allowEmpty === true]))
      .digest('hex');
    return path.join(dir, id.slice(0, 2), `${id}.json`);
  };
  return {
    get(key) {
      try {
        const parsed = JSON.parse(readFileSync(fileOf(key), 'utf8')) as { objects: Manifest[]; warnings?: RenderWarning[] };
        if (!Array.isArray(parsed.objects)) return undefined;
        return { objects: parsed.objects, warnings: Array.isArray(parsed.warnings) ? parsed.warnings : [] };
      } catch {
        return undefined;
      }
    },
    async put(key, objects, warnings = []) {
      const tail = warnings.length > 0 ? `,"warnings":${JSON.stringify(warnings)}` : '';
      writeCacheFile(fileOf(key), `{"objects":[${(await jsonInSlices(objects)).join(',')}]${tail}}`);
    },
  };
}
