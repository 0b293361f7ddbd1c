import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RenderedObject } from '../core/model/manifest.js';
import { writeCacheFile } from './cache-file.js';

/** Bump when parseManifests gives different objects for the same text. */
export const PARSE_CACHE_VERSION = 1;

/**
 * Parsed manifest files by content: a file whose bytes did not change since an earlier render (of
 * any commit) is not parsed again. A new commit that touches a few files of a large app re-parses
 * only those. Entries are stored serialised, so every hit is a fresh copy.
 */
export interface ParseCache {
  get(key: string): RenderedObject[] | undefined;
  put(key: string, objects: RenderedObject[]): void;
  /** Persists what the last render used (file-backed caches); called after a successful render. */
  flush?(): void;
}

/** The cache key of a file's text: a hash of its bytes and the parser's version. */
export function contentKey(text: string): string {
  return createHash('sha256').update(`${PARSE_CACHE_VERSION}\0`).update(text).digest('base64url');
}

/** In memory, for the agent: the most recently used `maxEntries` files. */
export function createMemoryParseCache(maxEntries = 20_000): ParseCache {
  const entries = new Map<string, string>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      entries.delete(key);
      entries.set(key, hit); // most recently used last
      return JSON.parse(hit) as RenderedObject[];
    },
    put(key, objects) {
      entries.set(key, JSON.stringify(objects));
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

/**
 * In one file, for the command line (a process per run): read on first use, rewritten by `flush`
 * with the entries the last render used, so it holds one render's files at most.
 */
export function createFileParseCache(file: string): ParseCache {
  let loaded: Record<string, string> | undefined;
  const used = new Map<string, string>();
  const load = () => {
    if (loaded) return loaded;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, string> };
      loaded = parsed.version === PARSE_CACHE_VERSION && parsed.entries && typeof parsed.entries === 'object' ? parsed.entries : {};
    } catch {
      loaded = {};
    }
    return loaded;
  };
  return {
    get(key) {
      const hit = used.get(key) ?? load()[key];
      if (typeof hit !== 'string') return undefined;
      used.set(key, hit);
      try {
        return JSON.parse(hit) as RenderedObject[];
      } catch {
        return undefined;
      }
    },
    put(key, objects) {
      used.set(key, JSON.stringify(objects));
    },
    flush() {
      writeCacheFile(file, JSON.stringify({ version: PARSE_CACHE_VERSION, entries: Object.fromEntries(used) }));
      used.clear();
      loaded = undefined;
    },
  };
}
