import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
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

/** Default size bound of the render cache on disk. */
export const DEFAULT_RENDER_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * `maxBytes` bounds the files on disk (default 512 MiB): past it, the least recently used renders
 * (by mtime, which a hit refreshes) are removed until the cache is at 80% of the bound. The index
 * is read from disk on the first write; other processes sharing the directory are seen then.
 */
export function createRenderCache(dir: string, options: { version?: string; maxBytes?: number } = {}): RenderCache {
  const maxBytes = options.maxBytes ?? DEFAULT_RENDER_CACHE_BYTES;
  let index: Map<string, { size: number; at: number }> | undefined;
  let total = 0;
  const loadIndex = () => {
    index = new Map();
    total = 0;
    let shards: string[] = [];
    try {
      shards = readdirSync(dir);
    } catch {
      return index;
    }
    for (const shard of shards) {
      let names: string[] = [];
      try {
        names = readdirSync(path.join(dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!name.endsWith('.json')) continue;
        try {
          const info = statSync(path.join(dir, shard, name));
          index.set(path.join(dir, shard, name), { size: info.size, at: info.mtimeMs });
          total += info.size;
        } catch {
          // removed meanwhile
        }
      }
    }
    return index;
  };
  const evict = () => {
    if (!index || total <= maxBytes) return;
    const oldest = [...index].sort((a, b) => a[1].at - b[1].at);
    for (const [file, entry] of oldest) {
      if (total <= maxBytes * 0.8) break;
      rmSync(file, { force: true });
      index.delete(file);
      total -= entry.size;
    }
  };
  const fileOf = (key: RenderKey) => {
    const id = createHash('sha256')
      .update(JSON.stringify([RENDER_CACHE_VERSION, options.version ?? '', key.sha, key.path, key.directory, key.allowEmpty === true]))
      .digest('hex');
    return path.join(dir, id.slice(0, 2), `${id}.json`);
  };
  return {
    get(key) {
      try {
        const file = fileOf(key);
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { objects: Manifest[]; warnings?: RenderWarning[] };
        if (!Array.isArray(parsed.objects)) return undefined;
        const now = new Date();
        utimesSync(file, now, now); // recently used: evicted last
        const entry = index?.get(file);
        if (entry) entry.at = now.getTime();
        return { objects: parsed.objects, warnings: Array.isArray(parsed.warnings) ? parsed.warnings : [] };
      } catch {
        return undefined;
      }
    },
    async put(key, objects, warnings = []) {
      const tail = warnings.length > 0 ? `,"warnings":${JSON.stringify(warnings)}` : '';
      const text = `{"objects":[${(await jsonInSlices(objects)).join(',')}]${tail}}`;
      const file = fileOf(key);
      writeCacheFile(file, text);
      const known = index ?? loadIndex();
      const size = Buffer.byteLength(text);
      total += size - (known.get(file)?.size ?? 0);
      known.set(file, { size, at: Date.now() });
      evict();
    },
  };
}
