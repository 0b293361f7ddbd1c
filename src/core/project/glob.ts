/**
 * Glob matching for project rules: `*` matches any run of characters (slashes included, as Argo CD's
 * sourceRepos patterns do), `?` one character; everything else is literal. Whole-string match.
 */
export function globMatch(pattern: string, text: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  return compile(pattern).test(text);
}

const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}
