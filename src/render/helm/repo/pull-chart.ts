import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RenderError } from '../../../core/errors.js';
import type { FetchBound } from '../../../core/project/check-fetch.js';
import { describeViolations } from '../../../core/project/project-violation.js';
import { authorization, DEFAULT_HTTP_LIMITS, displayUrl, type HttpLimits, httpGet, type RepoCredentials } from './http-get.js';
import { pullOciChart, verifyDigest } from './oci.js';
import { parseRepoIndex, RepoIndexError, resolveChartUrl, selectVersion } from './repo-index.js';

export interface PullChartOptions {
  /** `https://charts.example.com` (a Helm repository) or `oci://registry/path` (a chart in a registry). */
  repoURL: string;
  /** The chart's name in a Helm repository; for OCI the last path segment of repoURL (or given here). */
  chart?: string;
  /** A version or a semver range (`targetRevision`); empty means the latest stable. */
  version?: string;
  creds?: RepoCredentials;
  cacheDir?: string;
  limits?: HttpLimits;
  plainHttp?: boolean;
  /**
   * The app's project's bound on what is fetched: an archive the index names outside the repository
   * (another host or path) is downloaded only when it allows it (else `ProjectViolation`).
   */
  fetchBound?: FetchBound;
}

function defaultCacheDir(): string {
  return path.join(
    process.env.TIDEWAY_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'tideway'),
    'helm',
  );
}

/**
 * Credentials for a repository from the environment, never from the Application: TIDEWAY_HELM_TOKEN,
 * or TIDEWAY_HELM_USERNAME with TIDEWAY_HELM_PASSWORD; each also as a `_FILE` variable naming a file.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): RepoCredentials | undefined {
  const read = (name: string): string | undefined => {
    if (env[name] !== undefined) return env[name];
    const file = env[`${name}_FILE`];
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      throw new RenderError(`${name}_FILE: the file cannot be read`, { code: 'InvalidApplication' });
    }
  };
  const token = read('TIDEWAY_HELM_TOKEN');
  const username = read('TIDEWAY_HELM_USERNAME');
  const password = read('TIDEWAY_HELM_PASSWORD');
  if (token === undefined && username === undefined && password === undefined) return undefined;
  return { token, username, password };
}

async function cached(cacheDir: string, digest: string): Promise<string | undefined> {
  const file = path.join(cacheDir, `${digest.replace(':', '-')}.tgz`);
  try {
    verifyDigest(await readFile(file), digest, file);
    return file;
  } catch {
    return undefined;
  }
}

async function store(cacheDir: string, digest: string, data: Uint8Array): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `${digest.replace(':', '-')}.tgz`);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
  return file;
}

/**
 * Downloads a chart archive (or finds it in the cache by digest) and returns its local path. A Helm
 * repository's index.yaml is read each time (it moves); archives are cached by their sha256.
 */
export interface PulledChart {
  /** The archive in the cache directory. */
  path: string;
  /** sha256:… of the archive. */
  digest: string;
  version: string;
}

export async function pullChart(options: PullChartOptions): Promise<PulledChart> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const creds = options.creds ?? credentialsFromEnv();
  const limits = options.limits ?? DEFAULT_HTTP_LIMITS;
  if (options.repoURL.startsWith('oci://')) {
    const ref =
      options.chart && !options.repoURL.endsWith(`/${options.chart}`)
        ? `${options.repoURL.replace(/\/+$/, '')}/${options.chart}`
        : options.repoURL;
    const { data, digest, version } = await pullOciChart(ref, wantedVersion(options.version), {
      creds,
      plainHttp: options.plainHttp,
      limits,
    });
    return { path: (await cached(cacheDir, digest)) ?? (await store(cacheDir, digest, data)), digest, version };
  }
  if (!options.chart)
    throw new RenderError(`${displayUrl(options.repoURL)}: a Helm repository needs a chart name`, { code: 'InvalidApplication' });
  if (!/^https?:\/\//.test(options.repoURL))
    throw new RenderError(`${options.repoURL}: a Helm repository URL must be http(s):// or oci://`, { code: 'InvalidApplication' });
  const headers: Record<string, string> = {};
  const auth = authorization(creds);
  if (auth) headers.Authorization = auth;
  const indexUrl = resolveChartUrl(options.repoURL, 'index.yaml');
  const res = await httpGet(indexUrl, headers, { ...limits, maxBytes: Math.min(limits.maxBytes, 64 * 1024 * 1024) });
  if (res.status !== 200) throw new RenderError(`GET ${displayUrl(indexUrl)}: HTTP ${res.status}`, { code: 'SourceUnavailable' });
  let entry: ReturnType<typeof selectVersion<{ version: string; urls: string[]; digest?: string }>>;
  try {
    const index = parseRepoIndex(new TextDecoder().decode(res.body));
    const entries = index.get(options.chart);
    if (!entries || entries.length === 0) throw new RepoIndexError(`chart "${options.chart}" not found in ${displayUrl(options.repoURL)}`);
    entry = selectVersion(entries, wantedVersion(options.version), options.chart);
  } catch (cause) {
    if (cause instanceof RepoIndexError) throw new RenderError(cause.message, { code: 'RevisionNotFound', cause });
    throw cause;
  }
  if (entry.urls.length === 0)
    throw new RenderError(`${options.chart} ${entry.version}: the index lists no URL`, { code: 'SourceUnavailable' });
  const url = resolveChartUrl(options.repoURL, entry.urls[0]);
  // The repository itself was admitted with the app (spec.source.repoURL); an archive elsewhere is a fetch of its own.
  const violations = underRepository(url, options.repoURL)
    ? []
    : (options.fetchBound?.(url, `${options.chart} ${entry.version} (index.yaml urls)`) ?? []);
  if (violations.length > 0)
    throw new RenderError(`chart archive refused by the app's project: ${describeViolations(violations)}`, { code: 'ProjectViolation' });
  const wanted = entry.digest ? `sha256:${entry.digest.replace(/^sha256:/, '')}` : undefined;
  if (wanted) {
    const hit = await cached(cacheDir, wanted);
    if (hit) return { path: hit, digest: wanted, version: entry.version };
  }
  // Credentials go only to the repository's own host, never to a third-party archive host.
  const sameHost = new URL(url).host === new URL(options.repoURL).host;
  const archive = await httpGet(url, sameHost ? headers : {}, limits);
  if (archive.status !== 200) throw new RenderError(`GET ${displayUrl(url)}: HTTP ${archive.status}`, { code: 'SourceUnavailable' });
  const digest = `sha256:${createHash('sha256').update(archive.body).digest('hex')}`;
  if (wanted && wanted !== digest)
    throw new RenderError(`${displayUrl(url)}: digest mismatch (index says ${wanted}, got ${digest})`, { code: 'UnsafeRepository' });
  return { path: await store(cacheDir, digest, archive.body), digest, version: entry.version };
}

/** `HEAD` (the Application default for Git) and empty mean the latest stable chart version. */
function wantedVersion(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === 'HEAD' ? undefined : v;
}

/** Whether `url` is on the repository's own host and under its path (an index's relative URLs are). */
function underRepository(url: string, repoURL: string): boolean {
  try {
    const u = new URL(url);
    const r = new URL(repoURL);
    const base = r.pathname.endsWith('/') ? r.pathname : `${r.pathname}/`;
    return u.protocol === r.protocol && u.host === r.host && (u.pathname.startsWith(base) || u.pathname === r.pathname);
  } catch {
    return false;
  }
}
