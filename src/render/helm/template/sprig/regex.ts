/** sprig's regex functions over Go's RE2 syntax and semantics, using re2js (a port of RE2/J):
 * leftmost-first matching, (?P<name>...) groups, Go's rules for successive empty matches, and
 * Go's `$1` / `${name}` expansion in replacements. */
import type * as Re2js from 're2js';
import type { RE2JS } from 're2js';
import { lazyRequire } from '../../lazy-require.js';

const re2js = lazyRequire<typeof Re2js>('re2js');
import { FuncError } from '../builtins.js';
import type { GoFunc } from '../value.js';
import { stringList } from './convert.js';
import { fn, type Impl } from './define.js';

const cache = new Map<string, RE2JS>();

function compile(expr: string): RE2JS {
  let re = cache.get(expr);
  if (!re) {
    try {
      re = re2js().RE2JS.compile(expr);
    } catch (e) {
      throw new FuncError(`error parsing regexp: ${(e as Error).message}: \`${expr}\``);
    }
    if (cache.size > 500) cache.clear();
    cache.set(expr, re);
  }
  return re;
}

/** FindAllStringSubmatchIndex with Go's rule: an empty match right after a match is skipped. */
function findAll(re: RE2JS, s: string, n: number): number[][] {
  const out: number[][] = [];
  if (n === 0) return out;
  const m = re.matcher(s);
  const groups = re.groupCount();
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (n < 0 || out.length < n)) {
    if (!m.find(pos)) break;
    const start = m.start();
    const end = m.end();
    if (start === end && start === prevEnd) {
      // Go skips an empty match that abuts the previous match.
      pos = start + (s.codePointAt(start)! > 0xffff ? 2 : 1);
      if (pos > s.length) break;
      continue;
    }
    const idx: number[] = [];
    for (let g = 0; g <= groups; g++) idx.push(m.start(g), m.end(g));
    out.push(idx);
    prevEnd = end;
    pos = end > start ? end : end + (end < s.length && s.codePointAt(end)! > 0xffff ? 2 : 1);
  }
  return out;
}

/** regexp.Expand with a template: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, s: string, idx: number[], names: Record<string, number>): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(inner)) {
        out += c;
        continue;
      }
      name = inner;
      end = close;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!m) {
        out += c;
        continue;
      }
      name = m[0];
      end = i + m[0].length;
    }
    let g = -1;
    if (/^[0-9]+$/.test(name)) g = Number(name);
    else if (Object.hasOwn(names, name)) g = names[name];
    if (g >= 0 && 2 * g + 1 < idx.length && idx[2 * g] >= 0) out += s.slice(idx[2 * g], idx[2 * g + 1]);
    i = end;
  }
  return out;
}

function replaceAll(re: RE2JS, s: string, repl: (idx: number[]) => string): string {
  let out = '';
  let last = 0;
  for (const idx of findAll(re, s, -1)) {
    out += s.slice(last, idx[0]) + repl(idx);
    last = idx[1];
  }
  return out + s.slice(last);
}

function split(re: RE2JS, expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (expr.length > 0 && s.length === 0) return [''];
  const matches = findAll(re, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function regexFuncs(): Record<string, GoFunc> {
  const both = (name: string, params: Parameters<typeof fn>[0], impl: Impl, soft: Impl) => ({
    [name]: fn(params, soft),
    [`must${name[0].toUpperCase()}${name.slice(1)}`]: fn(params, impl),
  });
  const match = (r: string, s: string) => findAll(compile(r), s, 1).length > 0;
  const findAllStr = (r: string, s: string, n: bigint) => {
    const re = compile(r);
    return stringList(findAll(re, s, Number(n)).map((i) => s.slice(i[0], i[1])));
  };
  const find = (r: string, s: string) => {
    const m = findAll(compile(r), s, 1)[0];
    return m ? s.slice(m[0], m[1]) : '';
  };
  const replAll = (r: string, s: string, repl: string) => {
    const re = compile(r);
    const names = re.namedGroups();
    return replaceAll(re, s, (idx) => expand(repl, s, idx, names));
  };
  const replLit = (r: string, s: string, repl: string) => replaceAll(compile(r), s, () => repl);
  const splitStr = (r: string, s: string, n: bigint) => stringList(split(compile(r), r, s, Number(n)));
  return {
    ...both('regexMatch', ['string', 'string'], match, (r: string, s: string) => {
      try {
        return match(r, s);
      } catch {
        return false;
      }
    }),
    ...both('regexFindAll', ['string', 'string', 'int'], findAllStr, findAllStr),
    ...both('regexFind', ['string', 'string'], find, find),
    ...both('regexReplaceAll', ['string', 'string', 'string'], replAll, replAll),
    ...both('regexReplaceAllLiteral', ['string', 'string', 'string'], replLit, replLit),
    ...both('regexSplit', ['string', 'string', 'int'], splitStr, splitStr),
    regexQuoteMeta: fn(['string'], quoteMeta),
  };
}
