import { globMatch } from './glob.js';

/** sourceRepos: some pattern matches and no `!pattern` does. */
export function sourceAllowed(patterns: readonly string[], url: string): boolean {
  let allowed = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), url)) return false;
    } else if (!allowed && globMatch(p, url)) allowed = true;
  }
  return allowed;
}
