import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { ChartFile } from './chart.js';
import { ChartLoadError } from './load-files.js';

/** Bounds for an untrusted chart archive (Helm's own: 100 MiB unpacked, 5 MiB a file). */
export interface ArchiveLimits {
  maxTotalBytes: number;
  maxFileBytes: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 100 * 1024 * 1024,
  maxFileBytes: 5 * 1024 * 1024,
  maxEntries: 10_000,
};

const DRIVE_PATH = /^[a-zA-Z]:\//;

/** path.Clean for `/`-separated relative paths. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else out.push(part);
  }
  return out.length === 0 ? '.' : out.join('/');
}

/**
 * The files of a chart archive (`.tgz`), with the top directory stripped as Helm strips it
 * (loader.LoadArchiveFiles). Refuses what Helm refuses (absolute paths, `..`, drive paths, a
 * Chart.yaml outside a directory, oversized files or totals) and also symlinks, hard links and
 * devices, which Helm would read as empty files; `what` names the archive in errors.
 */
export async function readChartArchive(
  data: Uint8Array,
  what: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ChartFile[]> {
  const fail = (m: string): never => {
    throw new ChartLoadError(`${what}: ${m}`, what);
  };
  let raw: Buffer;
  try {
    // The output bound stops a gzip bomb before it is inflated in full.
    raw = gunzipSync(data, { maxOutputLength: limits.maxTotalBytes + 1024 * 1024 });
  } catch (cause) {
    if (cause instanceof RangeError || (cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return fail(`decompressed chart is larger than the maximum size ${limits.maxTotalBytes}`);
    return fail(`does not appear to be a gzipped archive (${(cause as Error).message})`);
  }
  const files: ChartFile[] = [];
  const extract = tar.extract();
  let remaining = limits.maxTotalBytes;
  let entries = 0;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const problem = checkEntry(header, ++entries, remaining, limits);
      if (problem) {
        stream.resume();
        reject(new ChartLoadError(`${what}: ${problem}`, what));
        extract.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: unknown) => {
        const chunk = c as Buffer;
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on('end', () => {
        remaining -= size;
        if (header.type === 'file' || header.type === 'contiguous-file') {
          const name = entryName(header.name);
          if (typeof name !== 'string') {
            reject(new ChartLoadError(`${what}: ${name.error}`, what));
            extract.destroy();
            return;
          }
          let bytes = Buffer.concat(chunks);
          if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
          files.push({ name, data: new Uint8Array(bytes) });
        }
        next();
      });
      stream.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', (e) => reject(new ChartLoadError(`${what}: not a valid tar archive: ${e.message}`, what)));
  });
  Readable.from([raw]).pipe(extract);
  await done;
  if (files.length === 0) fail('no files in chart archive');
  return files;
}

function checkEntry(header: tar.Header, count: number, remaining: number, limits: ArchiveLimits): string | undefined {
  if (count > limits.maxEntries) return `chart archive has more than ${limits.maxEntries} entries`;
  switch (header.type as string) {
    case 'file':
    case 'contiguous-file':
    case 'directory':
    case 'pax-header':
    case 'pax-global-header':
      break;
    case 'symlink':
    case 'link':
      return `chart archive contains a link (${header.name} -> ${header.linkname ?? ''}), which is refused`;
    default:
      return `chart archive contains an entry of type ${header.type} (${header.name}), which is refused`;
  }
  const size = header.size ?? 0;
  if (size > limits.maxFileBytes)
    return `decompressed chart file "${header.name}" is larger than the maximum file size ${limits.maxFileBytes}`;
  if (size > remaining) return `decompressed chart is larger than the maximum size ${limits.maxTotalBytes}`;
  if (header.type === 'file' || header.type === 'contiguous-file') {
    const name = entryName(header.name);
    if (typeof name !== 'string') return name.error;
  }
  return undefined;
}

/** The entry's path without its top directory, or why it is refused. */
function entryName(raw: string): string | { error: string } {
  const delimiter = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(delimiter);
  let n = parts.slice(1).join('/');
  if (n.startsWith('/') || raw.startsWith('/')) return { error: 'chart illegally contains absolute paths' };
  n = cleanPath(n);
  if (n === '.') return { error: `chart illegally contains content outside the base directory: "${raw}"` };
  if (n.startsWith('..') || parts.includes('..')) return { error: 'chart illegally references parent directory' };
  if (DRIVE_PATH.test(n)) return { error: 'chart contains illegally named files' };
  if (parts[0] === 'Chart.yaml') return { error: 'chart yaml not in base directory' };
  return n;
}
