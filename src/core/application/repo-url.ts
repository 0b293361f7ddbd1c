import { redactUrl as redact } from '../redact/redact.js';
import { hasControlCharacter } from './field-checks.js';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const REMOTE_HELPER = /^([A-Za-z][A-Za-z0-9+.-]*)::/;
const SCP_LIKE = /^([^@/:\s]+)@([^/:\s]+):(.*)$/;
const FORMS = 'use https://..., http://..., ssh://..., git@host:path, file://... or a local path starting with /, ./ or ../';

/**
 * Why `url` is not an acceptable `spec.source.repoURL`, or undefined when it is. Accepted: https, http,
 * ssh, scp-like `user@host:path`, `file://` and local paths. Refused before git ever sees them: a leading
 * `-` (read as an option), `transport::address` remote helpers such as `ext::` (they run commands),
 * other schemes, and credentials written into the URL. Messages never echo credentials.
 */
export function repoURLProblem(url: string): string | undefined {
  if (url.startsWith('-')) return 'must not start with "-" (git would read it as an option)';
  const helper = REMOTE_HELPER.exec(url);
  if (helper) return `"${helper[1]}::" remote helpers are not allowed (${FORMS})`;
  if (hasControlCharacter(url) || /\s/.test(url)) return 'must not contain spaces or control characters';
  const scheme = SCHEME.exec(url);
  if (scheme) return schemeURLProblem(url, scheme[1].toLowerCase());
  const scp = SCP_LIKE.exec(url);
  if (scp) {
    if (scp[2].startsWith('-')) return 'host must not start with "-"';
    if (scp[3] === '') return `${redact(url)} has no repository path after ":"`;
    return undefined;
  }
  if (isLocalPath(url)) return undefined;
  return `${JSON.stringify(redact(url))} is not a repository URL (${FORMS})`;
}

function schemeURLProblem(url: string, scheme: string): string | undefined {
  if (!['https', 'http', 'ssh', 'file'].includes(scheme)) return `unsupported scheme "${scheme}" (${FORMS})`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(redact(url))} is not a valid URL`;
  }
  if (scheme === 'file') return parsed.pathname === '' || parsed.pathname === '/' ? 'file:// URL has no path' : undefined;
  if (parsed.password || ((scheme === 'https' || scheme === 'http') && parsed.username)) {
    return 'must not contain credentials (give them to git outside the manifest)';
  }
  if (!parsed.hostname || url.slice(scheme.length + 3).startsWith('/')) return `${JSON.stringify(redact(url))} has no host`;
  if (parsed.hostname.startsWith('-')) return 'host must not start with "-"';
  return undefined;
}

function isLocalPath(url: string): boolean {
  return url === '.' || url === '..' || url.startsWith('/') || url.startsWith('./') || url.startsWith('../');
}
