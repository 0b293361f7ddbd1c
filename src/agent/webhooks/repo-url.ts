/**
 * A repository URL reduced to `host/path`, so the forms one repository goes by compare equal:
 * `https://Host/org/repo.git`, `ssh://git@host:2222/org/repo`, `git@host:org/repo.git/` all become
 * `host/org/repo`. Scheme, user, password and port are dropped; the host is lowercased; the path keeps
 * its case. A local path and its `file://` URL reduce to the path. Undefined for anything else.
 */
export function normalizeRepoURL(url: string): string | undefined {
  const raw = url.trim();
  const located = raw.includes('://') ? fromURL(raw) : raw.startsWith('/') ? { host: '', path: raw } : fromScpLike(raw);
  if (!located) return undefined;
  let path = located.path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (path.endsWith('.git')) path = path.slice(0, -'.git'.length).replace(/\/+$/, '');
  if (path === '') return undefined;
  return `${located.host.toLowerCase()}/${path}`;
}

/** Whether two URLs name the same repository. */
export function sameRepository(a: string, b: string): boolean {
  const na = normalizeRepoURL(a);
  return na !== undefined && na === normalizeRepoURL(b);
}

function fromURL(raw: string): { host: string; path: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    path = parsed.pathname;
  }
  return { host: parsed.hostname, path };
}

/** `[user@]host:path`, git's scp-like syntax (no scheme, a colon before the first slash). */
function fromScpLike(raw: string): { host: string; path: string } | undefined {
  const match = /^(?:[^@/:\s]+@)?([^@/:\s]+):(.+)$/.exec(raw);
  if (!match) return undefined;
  return { host: match[1], path: match[2] };
}
