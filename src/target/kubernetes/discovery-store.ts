import { readFileSync } from 'node:fs';
import { writeCacheFile } from '../../fs/cache-file.js';
import type { ResourceInfo } from './resource-info.js';

/**
 * What discovery found for each group-version, kept between processes (the command line), as
 * kubectl keeps its discovery cache. Only answers the server gave are kept, never "not found":
 * a kind the store does not know is always asked of the server.
 */
export interface DiscoveryStore {
  /** The resources of `apiVersion` as last discovered, while fresh. */
  read(apiVersion: string): ResourceInfo[] | undefined;
  write(apiVersion: string, resources: ResourceInfo[]): void;
  /** Drops one group-version (or all): the next lookup asks the server. */
  forget(apiVersion?: string): void;
}

/** How long a discovered group-version is trusted without asking the server again. */
export const DISCOVERY_TTL_MS = 10 * 60_000;

const FORMAT_VERSION = 2; // 2: resources carry `statusless`

interface StoredFile {
  version: number;
  server: string;
  entries: Record<string, { at: number; resources: ResourceInfo[] }>;
}

/**
 * A store in one file per API server (the caller names it), read once, rewritten whole on every
 * change. A file that is unreadable, of another format or for another server counts as empty.
 */
export function createFileDiscoveryStore(
  file: string,
  server: string,
  options: { ttlMs?: number; now?: () => number } = {},
): DiscoveryStore {
  const ttlMs = options.ttlMs ?? DISCOVERY_TTL_MS;
  const now = options.now ?? Date.now;
  let entries: StoredFile['entries'] | undefined;
  const load = () => {
    if (entries) return entries;
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredFile>;
      entries =
        parsed.version === FORMAT_VERSION && parsed.server === server && parsed.entries && typeof parsed.entries === 'object'
          ? parsed.entries
          : {};
    } catch {
      entries = {};
    }
    return entries;
  };
  const save = () => writeCacheFile(file, JSON.stringify({ version: FORMAT_VERSION, server, entries: load() } satisfies StoredFile));
  return {
    read(apiVersion) {
      const all = load();
      const entry = Object.hasOwn(all, apiVersion) ? all[apiVersion] : undefined;
      if (!entry || !Array.isArray(entry.resources) || typeof entry.at !== 'number') return undefined;
      const age = now() - entry.at;
      return age >= 0 && age < ttlMs ? entry.resources : undefined;
    },
    write(apiVersion, resources) {
      load()[apiVersion] = { at: now(), resources };
      save();
    },
    forget(apiVersion) {
      const all = load();
      if (apiVersion === undefined) for (const key of Object.keys(all)) delete all[key];
      else if (!Object.hasOwn(all, apiVersion)) return;
      else delete all[apiVersion];
      save();
    },
  };
}
