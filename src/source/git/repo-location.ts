import { createHash } from 'node:crypto';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import { redactUrl } from '../../core/redact/redact.js';

/** The transports Tideway lets git use. Everything else (`git://`, `ext::`, remote helpers) is refused. */
export type GitTransport = 'https' | 'http' | 'ssh' | 'file';
export const ALL_GIT_TRANSPORTS: readonly GitTransport[] = ['https', 'http', 'ssh', 'file'];

/** A repository URL after validation: what git is given, what people see, and what keys the cache. */
export interface RepoLocation {
  /** The URL with userinfo redacted: the only form that goes into messages and logs. */
  display: string;
  /** The URL handed to git: never carries a password or token. */
  fetchURL: string;
  transport: GitTransport;
  /** Lower-case scheme and host, no userinfo for http(s), no trailing slash; local paths absolute. */
  normalized: string;
  /** Hash of `normalized`: the mirror's directory name. */
  key: string;
  /** Username and password written into an http(s) URL, moved out of `fetchURL`. */
  userinfo?: { username?: string; password?: string };
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const REMOTE_HELPER = /^[A-Za-z0-9][A-Za-z0-9+.-]*::/;
const SCP_LIKE = /^(?:([^@/\s]+)@)?(\[[^\]/]+\]|[^:/[\]]+):(.*)$/;

/**
 * Validates a repository URL and splits it into the forms above. Refuses (UnsafeRepository) anything
 * git could read as an option or a command: a leading `-`, `transport::address` helpers such as `ext::`,
 * schemes other than https, http, ssh and file, hosts or users starting with `-`, control characters.
 */
export function parseRepoLocation(raw: string, allowed: readonly GitTransport[] = ALL_GIT_TRANSPORTS, cwd = process.cwd()): RepoLocation {
  const refuse = (why: string): never => {
    throw new SourceError('UnsafeRepository', `repository URL ${JSON.stringify(redactUrl(raw))} refused: ${why}`, {
      repoURL: redactUrl(raw),
    });
  };
  if (raw === '') refuse('it is empty');
  if (raw.startsWith('-')) refuse('it starts with "-" (git would read it as an option)');
  if (/[\s\x00-\x1f\x7f]/.test(raw)) refuse('it contains spaces or control characters');
  if (REMOTE_HELPER.test(raw)) refuse('"transport::address" remote helpers (such as ext::) are not allowed');
  const location = SCHEME.test(raw)
    ? parseSchemeURL(raw, refuse)
    : SCP_LIKE.test(raw) && !isLocalPath(raw)
      ? parseScpLike(raw, refuse)
      : parseLocalPath(raw, cwd, refuse);
  if (!allowed.includes(location.transport)) refuse(`the ${location.transport} transport is not enabled`);
  return location;
}

function isLocalPath(raw: string): boolean {
  return raw === '.' || raw === '..' || raw.startsWith('/') || raw.startsWith('./') || raw.startsWith('../');
}

function withKey(location: Omit<RepoLocation, 'key'>): RepoLocation {
  return { ...location, key: createHash('sha256').update(location.normalized).digest('hex').slice(0, 32) };
}

function parseSchemeURL(raw: string, refuse: (why: string) => never): RepoLocation {
  const scheme = SCHEME.exec(raw)![1].toLowerCase();
  if (scheme !== 'https' && scheme !== 'http' && scheme !== 'ssh' && scheme !== 'file') {
    refuse(`the "${scheme}" scheme is not allowed (use https, http, ssh, file or a local path)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('it is not a valid URL');
  }
  const display = redactUrl(raw);
  if (scheme === 'file') {
    if (url.hostname !== '' && url.hostname !== 'localhost') refuse('file:// URLs must name a local path');
    const local = decodeURIComponent(url.pathname);
    if (local === '' || local === '/') refuse('file:// URL has no path');
    if (local.includes('\0')) refuse('it contains a NUL character');
    return withKey({
      display,
      fetchURL: `file://${url.pathname}`,
      transport: 'file',
      normalized: trimSlashes(path.posix.normalize(local)),
    });
  }
  if (url.hostname === '') refuse('it has no host');
  if (url.hostname.startsWith('-')) refuse('the host starts with "-"');
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  if (username?.startsWith('-')) refuse('the user name starts with "-"');
  if (scheme === 'ssh') {
    if (password !== undefined) refuse('ssh URLs cannot carry a password (use an SSH key credential)');
    // With no password possible, the user name (git@) is no secret: show the URL as written.
    const fetchURL = url.href;
    return withKey({ display: raw, fetchURL, transport: 'ssh', normalized: trimSlashes(fetchURL) });
  }
  url.username = '';
  url.password = '';
  const fetchURL = url.href;
  const userinfo = username !== undefined || password !== undefined ? { username, password } : undefined;
  return withKey({ display, fetchURL, transport: scheme, normalized: trimSlashes(fetchURL), userinfo });
}

function parseScpLike(raw: string, refuse: (why: string) => never): RepoLocation {
  const [, user, host, repoPath] = SCP_LIKE.exec(raw)!;
  if (host.startsWith('-')) refuse('the host starts with "-"');
  if (user?.startsWith('-')) refuse('the user name starts with "-"');
  if (repoPath === '') refuse('it has no repository path after ":"');
  const normalized = trimSlashes(`ssh://${user ? `${user}@` : ''}${host.toLowerCase()}/${repoPath.replace(/^\/+/, '')}`);
  return withKey({ display: raw, fetchURL: raw, transport: 'ssh', normalized });
}

function parseLocalPath(raw: string, cwd: string, refuse: (why: string) => never): RepoLocation {
  if (!isLocalPath(raw)) refuse('not a repository URL (use https://, http://, ssh://, user@host:path, file:// or a local path)');
  const absolute = trimSlashes(path.resolve(cwd, raw));
  return withKey({ display: raw, fetchURL: absolute, transport: 'file', normalized: absolute });
}

function trimSlashes(s: string): string {
  const trimmed = s.replace(/\/+$/, '');
  return trimmed === '' || trimmed.endsWith(':') ? `${trimmed}/` : trimmed;
}
