/**
 * Whether a repoURL names the agent's own machine: a local path (`/x`, `./x`, `../x`, `.`, `..`) or
 * a `file://` URL. Such sources are never allowed to child apps, and only with the project's
 * `localSources` permission to apps of the operator's files.
 */
export function isLocalRepoURL(url: string): boolean {
  return url === '.' || url === '..' || url.startsWith('/') || url.startsWith('./') || url.startsWith('../') || /^file:\/\//i.test(url);
}

/** The absolute path a local repoURL names, normalised (`.` and `..` resolved), or undefined for a relative or remote one. */
export function localRepoPath(url: string): string | undefined {
  let raw: string;
  if (/^file:\/\//i.test(url)) {
    try {
      raw = decodeURIComponent(new URL(url).pathname);
    } catch {
      return undefined;
    }
  } else if (url.startsWith('/')) raw = url;
  else return undefined;
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Whether `p` is `dir` or inside it (both absolute and normalised). */
export function isInside(p: string, dir: string): boolean {
  const d = dir.endsWith('/') && dir !== '/' ? dir.slice(0, -1) : dir;
  return p === d || p.startsWith(d === '/' ? '/' : `${d}/`);
}
