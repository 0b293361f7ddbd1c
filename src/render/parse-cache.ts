import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RenderedObject } from '../core/model/manifest.js';
import { jsonInSlices, writeCacheFile } from '../fs/cache-file.js';

/** Bump when parseManifests gives different objects for the same text. */
export const PARSE_CACHE_VERSION = 1;

/**
 * Parsed manifest files by content: a file whose bytes did not change since an earlier render (of
 * any commit) is not parsed again. A new commit that touches a few files of a large app re-parses
 * only those. Entries are stored serialised, so every hit is a fresh copy.
 */
export interface ParseCache {
  get(key: string): RenderedObject[] | undefined;
  /** A file-backed cache keeps the objects themselves until `flush`: they must not change meanwhile (rendered objects never do). */
  put(key: string, objects: RenderedObject[]): void;
  /**
   * Persists what the last render used (file-backed caches), serialised a slice per turn of the
   * event loop; called after a successful render, and may run while the sync goes on.
   */
  flush?(): Promise<void>;
}

/** The cache key of a file's text: a hash of its bytes and the parser's version. */
export function contentKey(text: string): string {
  return createHash('sha256').update(`${PARSE_CACHE_VERSION}\0`).update(text).digest('base64url');
}

/**
 * The cache key of a file whose bytes the source already names by a hash (a git blob id, read
 * with the tree): nothing to hash again. Never equal to a `contentKey`.
 */
export function sourceIdKey(id: string): string {
  return `${PARSE_CACHE_VERSION}:git:${id}`;
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
  /** Entries the last render used: the stored text of a hit, the objects of a miss (serialised by flush). */
  const used = new Map<string, string | RenderedObject[]>();
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
      const mine = used.get(key);
      if (mine !== undefined && typeof mine !== 'string') return structuredClone(mine); // parsed by this render
      const hit = mine ?? load()[key];
      if (typeof hit !== 'string') return undefined;
      used.set(key, hit);
      try {
        return JSON.parse(hit) as RenderedObject[];
      } catch {
        return undefined;
      }
    },
    put(key, objects) {
      used.set(key, objects);
    },
    async flush() {
      const entries = [...used];
      used.clear();
      loaded = undefined;
      const stored: Record<string, string> = {};
      const parsed: Array<[string, RenderedObject[]]> = [];
      for (const [key, value] of entries) {
        if (typeof value === 'string') stored[key] = value;
        else parsed.push([key, value]);
      }
      const texts = await jsonInSlices(parsed.map(([, objects]) => objects));
      parsed.forEach(([key], i) => {
        stored[key] = texts[i];
      });
      writeCacheFile(file, JSON.stringify({ version: PARSE_CACHE_VERSION, entries: stored }));
    },
  };
}
