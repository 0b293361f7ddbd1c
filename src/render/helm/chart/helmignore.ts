/**
 * `.helmignore` rules as Helm's pkg/ignore reads them: one shell glob a line (Go's filepath.Match,
 * no `**`), `#` comments, a trailing `/` for directories only, a leading `/` anchors at the chart
 * root, a pattern without `/` matches the base name, `!` negates (with Helm's own reading: a negated
 * pattern that does not match ignores the path). `templates/.?*` is always added.
 */
interface Pattern {
  negate: boolean;
  mustDir: boolean;
  match: (path: string) => boolean;
}

export class HelmIgnoreError extends Error {}

export interface IgnoreRules {
  ignore(path: string, isDir: boolean): boolean;
}

/** Go's filepath.Match pattern as a RegExp (`*` and `?` stop at `/`, `[...]` classes, `\` escapes). */
export function globToRegExp(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) throw new HelmIgnoreError('syntax error in pattern');
      out += escapeChar(pattern[i]);
    } else if (c === '[') {
      const end = findClassEnd(pattern, i);
      if (end < 0) throw new HelmIgnoreError('syntax error in pattern');
      let body = pattern.slice(i + 1, end);
      let neg = false;
      if (body.startsWith('^')) {
        neg = true;
        body = body.slice(1);
      }
      if (body === '') throw new HelmIgnoreError('syntax error in pattern');
      out += `[${neg ? '^/' : ''}${body.replace(/\\(.)/g, '\\$1').replace(/[\]]/g, '\\]')}]`;
      i = end;
    } else out += escapeChar(c);
  }
  return new RegExp(`${out}$`, 'u');
}

function findClassEnd(pattern: string, start: number): number {
  for (let j = start + 1; j < pattern.length; j++) {
    if (pattern[j] === '\\') j++;
    else if (pattern[j] === ']' && j > start + 1) return j;
  }
  return -1;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function parseHelmIgnore(text: string): IgnoreRules {
  const patterns: Pattern[] = [];
  const add = (raw: string) => {
    let rule = raw.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new HelmIgnoreError('double-star (**) syntax is not supported');
    globToRegExp(rule);
    const p: Pattern = { negate: false, mustDir: false, match: () => false };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      const re = globToRegExp(rule.slice(1));
      p.match = (n) => re.test(n);
    } else if (rule.includes('/')) {
      const re = globToRegExp(rule);
      p.match = (n) => re.test(n);
    } else {
      const re = globToRegExp(rule);
      p.match = (n) => re.test(baseName(n));
    }
    patterns.push(p);
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) add(line);
  add('templates/.?*');
  return {
    ignore(path: string, isDir: boolean): boolean {
      if (path === '' || path === '.' || path === './') return false;
      for (const p of patterns) {
        if (p.negate) {
          if (p.mustDir && !isDir) return true;
          if (!p.match(path)) return true;
          continue;
        }
        if (p.mustDir && !isDir) continue;
        if (p.match(path)) return true;
      }
      return false;
    },
  };
}
