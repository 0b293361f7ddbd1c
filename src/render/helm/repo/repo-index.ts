import { isTable, readYaml } from '../chart/go-yaml.js';
import { compareVersions, isValidConstraint, parseVersion, satisfies } from '../chart/semver.js';

/** One version of a chart in a repository's index.yaml. */
export interface IndexEntry {
  name: string;
  version: string;
  urls: string[];
  digest?: string;
}

export class RepoIndexError extends Error {}

/** Reads a Helm repository index (`index.yaml`): `entries.<chart>[]` with `version`, `urls`, `digest`. */
export function parseRepoIndex(text: string): Map<string, IndexEntry[]> {
  let doc: unknown;
  try {
    doc = readYaml(text);
  } catch (cause) {
    throw new RepoIndexError(`index.yaml: ${(cause as Error).message}`);
  }
  if (!isTable(doc) || !isTable(doc.entries)) throw new RepoIndexError('index.yaml: no entries (is this a Helm repository?)');
  const out = new Map<string, IndexEntry[]>();
  for (const [name, list] of Object.entries(doc.entries)) {
    if (!Array.isArray(list)) continue;
    const entries: IndexEntry[] = [];
    for (const e of list) {
      if (!isTable(e) || typeof e.version !== 'string' || !Array.isArray(e.urls)) continue;
      entries.push({
        name,
        version: e.version,
        urls: e.urls.filter((u): u is string => typeof u === 'string'),
        digest: typeof e.digest === 'string' ? e.digest : undefined,
      });
    }
    out.set(name, entries);
  }
  return out;
}

/**
 * The version of a chart a `targetRevision` picks, as `helm pull --version` does: an exact version,
 * else the highest version satisfying the semver range (prereleases only when the range names one);
 * empty or `*` means the latest stable version.
 */
export function selectVersion<T extends { version: string }>(entries: T[], wanted: string | undefined, chart: string): T {
  const constraint = wanted === undefined || wanted.trim() === '' || wanted === 'latest' ? '>=0.0.0' : wanted.trim();
  const exact = entries.find((e) => e.version === constraint || e.version === `v${constraint}`);
  if (exact) return exact;
  if (!isValidConstraint(constraint) && parseVersion(constraint) === undefined)
    throw new RepoIndexError(`${chart}: "${constraint}" is neither a version nor a semver range`);
  const candidates = entries.filter((e) => parseVersion(e.version) !== undefined && satisfies(e.version, constraint));
  candidates.sort((a, b) => compareVersions(b.version, a.version));
  if (candidates.length === 0) throw new RepoIndexError(`chart "${chart}" version "${constraint}" not found in the repository`);
  return candidates[0];
}

/** An archive URL of the index, resolved against the repository URL when relative. */
export function resolveChartUrl(repoURL: string, url: string): string {
  const base = repoURL.endsWith('/') ? repoURL : `${repoURL}/`;
  return new URL(url, base).toString();
}
