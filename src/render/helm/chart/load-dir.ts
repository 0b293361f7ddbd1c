import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readChartArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive.js';
import type { Chart, ChartFile } from './chart.js';
import { type HelmIgnoreError, parseHelmIgnore } from './helmignore.js';
import { ChartLoadError, loadChartFiles } from './load-files.js';

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Loads a chart directory (loader.LoadDir): walks it in name order, follows symlinks that stay inside
 * `root` (the checkout; a symlink leading out is refused), skips what `.helmignore` ignores, bounds
 * file sizes, the total and the number of files as an archive is bounded, then builds the chart.
 */
export async function loadChartDir(dir: string, options: { root?: string; limits?: ArchiveLimits } = {}): Promise<Chart> {
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const top = await realpath(dir).catch((cause) => {
    throw new ChartLoadError(`${dir}: no such chart directory`, dir, { cause });
  });
  const root = options.root ? await realpath(options.root) : top;
  if (!isInside(root, top)) throw new ChartLoadError(`${dir}: the chart directory is outside the repository root`, dir);
  let rules = parseHelmIgnore('');
  const ignoreText = await readFile(path.join(top, '.helmignore'), 'utf8').catch(() => undefined);
  if (ignoreText !== undefined) {
    try {
      rules = parseHelmIgnore(ignoreText);
    } catch (cause) {
      throw new ChartLoadError(`.helmignore: ${(cause as HelmIgnoreError).message}`, '.helmignore', { cause });
    }
  }
  const files: ChartFile[] = [];
  let total = 0;
  const visited = new Set<string>();
  const walk = async (real: string, rel: string): Promise<void> => {
    if (visited.has(real)) throw new ChartLoadError(`${rel}: symlink loop`, rel);
    visited.add(real);
    const names = (await readdir(real)).sort();
    for (const name of names) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const lexical = path.join(real, name);
      const l = await lstat(lexical);
      let target = lexical;
      if (l.isSymbolicLink()) {
        target = await realpath(lexical).catch(() => '');
        if (target === '') throw new ChartLoadError(`${childRel}: broken symlink`, childRel);
        if (!isInside(root, target)) throw new ChartLoadError(`${childRel}: symlink points outside the repository root`, childRel);
      }
      const info = l.isSymbolicLink() ? await stat(target) : l;
      if (info.isDirectory()) {
        if (rules.ignore(childRel, true)) continue;
        await walk(target, childRel);
        continue;
      }
      if (rules.ignore(childRel, false)) continue;
      if (!info.isFile()) throw new ChartLoadError(`cannot load irregular file ${childRel} as it has file mode type bits set`, childRel);
      if (info.size > limits.maxFileBytes)
        throw new ChartLoadError(`chart file "${name}" is larger than the maximum file size ${limits.maxFileBytes}`, childRel);
      total += info.size;
      if (total > limits.maxTotalBytes) throw new ChartLoadError(`chart is larger than the maximum size ${limits.maxTotalBytes}`, childRel);
      if (files.length >= limits.maxEntries) throw new ChartLoadError(`chart has more than ${limits.maxEntries} files`, childRel);
      let data: Uint8Array = await readFile(target);
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      files.push({ name: childRel, data });
    }
    visited.delete(real);
  };
  await walk(top, '');
  return loadChartFiles(files, (data, what) => readChartArchive(data, what, limits));
}

/** Loads a chart archive (`.tgz` bytes), as `helm template chart.tgz` does. */
export async function loadChartArchive(data: Uint8Array, what: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<Chart> {
  const files = await readChartArchive(data, what, limits);
  return loadChartFiles(files, (d, w) => readChartArchive(d, w, limits));
}
