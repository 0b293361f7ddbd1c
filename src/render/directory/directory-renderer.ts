import { RenderError } from '../../core/errors.js';
import type { RenderedObject } from '../../core/model/manifest.js';
import { assertNoDuplicates } from '../assert-no-duplicates.js';
import { fileTooLarge, MAX_FILE_BYTES, readListedFile } from '../../fs/confined-fs.js';
import { parseManifests } from '../parse-manifests.js';
import type { Renderer } from '../renderer.js';
import type { DirectoryOptions } from '../../core/application/directory-options.js';
import { resolveRenderDir, resolveTreeDir } from '../resolve-render-dir.js';
import { createFileFilter, type SkipReason } from './file-filter.js';
import { listManifestFiles, listTreeManifestFiles, type SkippedEntry } from './list-manifest-files.js';
import { contentKey, sourceIdKey, type ParseCache } from '../parse-cache.js';

const utf8 = new TextDecoder();

/** Limits on what one render may read; each breach is an `InputTooLarge` RenderError. */
export interface DirectoryRendererOptions {
  /** Largest single file, in bytes (default 8 MiB). */
  maxFileBytes?: number;
  /** Largest sum of all manifest files read, in bytes (default 64 MiB). */
  maxTotalBytes?: number;
  /** Most objects one render may return (default 10,000). */
  maxObjects?: number;
}

export const DEFAULT_DIRECTORY_LIMITS: Required<DirectoryRendererOptions> = {
  maxFileBytes: MAX_FILE_BYTES,
  maxTotalBytes: 64 * 1024 * 1024,
  maxObjects: 10_000,
};

/**
 * Renders a directory of plain manifests (`.yaml`, `.yml`, `.json`; several documents per file and
 * `kind: List` allowed): files in sorted path order, documents in file order, origins relative to the
 * root. Nothing outside the root is read; any bad file aborts the whole render (a partial result would
 * prune), and two objects with the same identity are a `DuplicateObject` error. A jsonnet file is an
 * error unless the globs leave it out. An empty directory renders to no objects, but one whose every
 * file was skipped is an `EmptyRender` error unless `allowEmpty`. `renderTree` does the same from a
 * tree in memory.
 */
export function createDirectoryRenderer(options: DirectoryRendererOptions = {}): Required<Renderer> {
  const limits = { ...DEFAULT_DIRECTORY_LIMITS, ...definedOnly(options) };
  const listing = (directory: DirectoryOptions | undefined) => ({
    recurse: directory?.recurse ?? false,
    filter: createFileFilter(directory ?? {}),
  });
  return {
    async render(input) {
      const dir = await resolveRenderDir(input.root, input.path);
      const { files, skipped } = await listManifestFiles(input.root, dir, listing(input.directory));
      const objects = renderFiles(
        dir.path,
        files.map((file) => ({ path: file.path, read: () => readListedFile(file.real, file.path, limits.maxFileBytes) })),
        limits,
        input.parseCache,
      );
      if (objects.length === 0 && skipped.length > 0 && !input.allowEmpty) throw everythingSkipped(dir.path, skipped);
      return objects;
    },
    async renderTree(input) {
      const dir = resolveTreeDir(input.tree, input.path);
      if (dir === undefined) return undefined;
      const read = (file: string) => {
        const bytes = input.tree.files.get(file)!;
        if (bytes.length > limits.maxFileBytes) throw fileTooLarge(file, bytes.length, limits.maxFileBytes);
        return utf8.decode(bytes);
      };
      const { files, skipped } = listTreeManifestFiles(input.tree, dir, listing(input.directory));
      const objects = renderFiles(
        dir,
        files.map((file) => ({ path: file, read: () => read(file), id: input.tree.ids?.get(file) })),
        limits,
        input.parseCache,
      );
      if (objects.length === 0 && skipped.length > 0 && !input.allowEmpty) throw everythingSkipped(dir, skipped);
      return objects;
    },
  };
}

const REASONS: Record<SkipReason, string> = {
  'not-a-manifest': 'not .yaml, .yml or .json',
  'left-out': 'left out by include/exclude',
  'recurse-off': 'a directory, and recurse is off',
};

/**
 * The `EmptyRender` error of a path that rendered no objects because every file in it was skipped:
 * an app that syncs nothing must not look like a success unless it says so (allowEmpty).
 */
function everythingSkipped(dir: string, skipped: SkippedEntry[]): RenderError {
  const groups = new Map<SkipReason, string[]>();
  for (const s of skipped) groups.set(s.reason, [...(groups.get(s.reason) ?? []), s.path]);
  const parts = [...groups].map(([reason, paths]) => {
    const shown = paths.length > 5 ? [...paths.slice(0, 5), `and ${paths.length - 5} more`] : paths;
    return `${shown.join(', ')}: ${REASONS[reason]}`;
  });
  const shown = dir || '.';
  return new RenderError(
    `${shown}: no objects rendered: every file was skipped (${parts.join('; ')}); add manifests, change spec.source.directory, or set spec.syncPolicy.automated.allowEmpty to sync nothing`,
    { file: shown, code: 'EmptyRender' },
  );
}

/** The objects of `files` (paths relative to the root, in render order), within `limits`, checked for duplicates. */
function renderFiles(
  dir: string,
  files: { path: string; read(): string; id?: string }[],
  limits: Required<DirectoryRendererOptions>,
  parseCache: ParseCache | undefined,
): RenderedObject[] {
  const shown = dir || '.';
  const objects: RenderedObject[] = [];
  let totalBytes = 0;
  for (const file of files) {
    const text = file.read();
    totalBytes += Buffer.byteLength(text, 'utf8');
    if (totalBytes > limits.maxTotalBytes) {
      throw new RenderError(
        `${shown}: manifests add up to more than the ${limits.maxTotalBytes}-byte limit (${totalBytes} bytes read when reaching ${file.path})`,
        { file: file.path, code: 'InputTooLarge' },
      );
    }
    objects.push(...parseCached(parseCache, text, file.path, file.id));
    if (objects.length > limits.maxObjects) {
      throw new RenderError(`${shown}: more than ${limits.maxObjects} objects (limit reached in ${file.path})`, {
        file: file.path,
        code: 'InputTooLarge',
      });
    }
  }
  assertNoDuplicates(objects);
  return objects;
}

/**
 * A file's objects: from the cache when a file with the same bytes was parsed before (its origin
 * renamed to this file), else parsed. `id` is the source's id of the file's bytes (a git blob id),
 * which saves hashing them.
 */
function parseCached(cache: ParseCache | undefined, text: string, file: string, id?: string): RenderedObject[] {
  if (!cache) return parseManifests(text, file);
  const key = id === undefined ? contentKey(text) : sourceIdKey(id);
  const hit = cache.get(key);
  if (hit) return hit.map((o) => (o.origin ? { ...o, origin: { ...o.origin, file } } : o));
  const objects = parseManifests(text, file);
  cache.put(key, objects);
  return objects;
}

function definedOnly(options: DirectoryRendererOptions): DirectoryRendererOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
