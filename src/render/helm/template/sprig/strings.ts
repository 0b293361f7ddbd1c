/** sprig's string functions (strings.go and the goutils/xstrings helpers it uses). */
import { byteLength, byteSlice, FuncError } from '../builtins.js';
import { sprintf } from '../fmt.js';
import { quote as goQuote } from '../strconv.js';
import type { GoFunc, Value } from '../value.js';
import { listItems, stringList, strval } from './convert.js';
import { fn, MAX_BUILD, vfn } from './define.js';

const isSpaceRune = (c: string): boolean => /^\s$/u.test(c) && c !== '\u200b' && c !== '\ufeff';
const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isUpper = (c: string): boolean => /^\p{Lu}$/u.test(c);
const isNumber = (c: string): boolean => /^\p{N}$/u.test(c);
const isPunct = (c: string): boolean => /^\p{P}$/u.test(c);

/** strings.TrimSpace */
export function trimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

/** strings.Trim(s, cutset) */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(Array.from(cutset));
  const chars = Array.from(s);
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a])) a++;
  while (b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

function isSeparator(c: string): boolean {
  const code = c.codePointAt(0)!;
  if (code <= 0x7f) return !/[0-9a-zA-Z_]/.test(c);
  if (isLetter(c) || /^\p{Nd}$/u.test(c)) return false;
  return isSpaceRune(c);
}

/** strings.Title: upper-case the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += isSeparator(prev) ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** goutils.Uncapitalize applied per word: lower-case the first letter of each word. */
function untitle(s: string): string {
  let out = '';
  let start = true;
  for (const c of s) {
    if (isSpaceRune(c)) {
      start = true;
      out += c;
    } else if (start) {
      out += c.toLowerCase();
      start = false;
    } else out += c;
  }
  return out;
}

function initials(s: string): string {
  let out = '';
  let start = true;
  for (const c of s) {
    if (isSpaceRune(c)) start = true;
    else if (start) {
      out += c;
      start = false;
    }
  }
  return out;
}

/** goutils.SwapCase (upper to lower, lower to upper; ToTitle after a space is ToUpper for these scripts). */
function swapcase(s: string): string {
  let out = '';
  for (const c of s) {
    if (isUpper(c) || /^\p{Lt}$/u.test(c)) out += c.toLowerCase();
    else if (/^\p{Ll}$/u.test(c)) out += c.toUpperCase();
    else out += c;
  }
  return out;
}

function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  if (str === '') return '';
  if (maxWidth < 4) throw new FuncError('stringutils illegal argument: Minimum abbreviation width is 4');
  const len = byteLength(str);
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  const marker = '...';
  if (offset <= 4) return byteSlice(str, 0, maxWidth - 3) + marker;
  if (maxWidth < 7) throw new FuncError('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < len) return marker + abbreviateFull(byteSlice(str, offset, len), 0, maxWidth - 3);
  return marker + byteSlice(str, len - (maxWidth - 3), len);
}

/** goutils.WrapCustom */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const s = str;
  const len = s.length;
  let offset = 0;
  let out = '';
  while (len - offset > wrapLength) {
    if (s[offset] === ' ') {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const spaceToWrapAt = s.slice(offset, end).lastIndexOf(' ') + offset;
    if (spaceToWrapAt >= offset) {
      out += s.slice(offset, spaceToWrapAt) + newLine;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out += s.slice(offset, wrapLength + offset) + newLine;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const index = s.slice(e).indexOf(' ');
      if (index === -1) {
        out += s.slice(offset);
        offset = len;
      } else {
        const at = index + e;
        out += s.slice(offset, at) + newLine;
        offset = at + 1;
      }
    }
  }
  return out + s.slice(offset);
}

// ---------------------------------------------------------------- xstrings case conversion

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

const isConnector = (c: string): boolean => c === '-' || c === '_' || isSpaceRune(c);

function nextWord(chars: string[], at: number): { wt: WordType; end: number } {
  let i = at;
  const r = chars[i];
  i++;
  const n = chars.length;
  if (isConnector(r)) {
    while (i < n && isConnector(chars[i])) i++;
    return { wt: 'connector', end: i };
  }
  if (isPunct(r)) {
    while (i < n && isPunct(chars[i])) i++;
    return { wt: 'punct', end: i };
  }
  if (isUpper(r)) {
    if (i >= n) return { wt: 'upper', end: i };
    if (isUpper(chars[i])) {
      while (i < n && isUpper(chars[i])) i++;
      if (i < n && isLetter(chars[i])) i--;
    } else if (isLetter(chars[i])) {
      while (i < n && isLetter(chars[i]) && !isUpper(chars[i])) i++;
    }
    return { wt: 'upper', end: i };
  }
  if (isLetter(r)) {
    while (i < n && isLetter(chars[i]) && !isUpper(chars[i])) i++;
    return { wt: 'alphabet', end: i };
  }
  if (isNumber(r)) {
    while (i < n && isNumber(chars[i])) i++;
    return { wt: 'number', end: i };
  }
  while (i < n && !(isConnector(chars[i]) || isLetter(chars[i]) || isNumber(chars[i]) || isPunct(chars[i]))) i++;
  return { wt: 'other', end: i };
}

/** xstrings' camelCaseToLowerCase (ToSnakeCase, ToKebabCase). */
function camelCaseToLowerCase(str: string, connector: string): string {
  if (str.length === 0) return '';
  const chars = Array.from(str);
  let out = '';
  const lower = (wt: WordType, word: string[]) => {
    if (wt !== 'upper' && wt !== 'connector') {
      out += word.join('');
      return;
    }
    for (const c of word) out += isConnector(c) ? connector : c.toLowerCase();
  };
  let pos = 0;
  const take = () => {
    const { wt, end } = nextWord(chars, pos);
    const word = chars.slice(pos, end);
    pos = end;
    return { wt, word };
  };
  let { wt, word } = take();
  while (pos < chars.length) {
    if (wt !== 'connector') lower(wt, word);
    const prev = wt;
    const last = word;
    ({ wt, word } = take());
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          lower(wt, word);
          if (pos >= chars.length) {
            wt = 'invalid';
            word = [];
            break;
          }
          ({ wt, word } = take());
        }
        if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') out += connector;
        break;
      case 'connector':
        lower(prev, last);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        if (pos >= chars.length) break;
        const lastNum = word;
        ({ wt, word } = take());
        if (wt === 'alphabet') {
          lower('number', lastNum);
          out += connector;
          break;
        }
        out += connector;
        lower('number', lastNum);
        while (wt === 'alphabet' || wt === 'number') {
          lower(wt, word);
          if (pos >= chars.length) {
            wt = 'invalid';
            word = [];
            break;
          }
          ({ wt, word } = take());
        }
        if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct') out += connector;
      }
    }
  }
  lower(wt, word);
  return out;
}

/** xstrings.ToPascalCase (sprig's camelcase). */
function toPascalCase(str: string): string {
  if (str.length === 0) return '';
  const chars = Array.from(str);
  let out = '';
  let i = 0;
  let r0 = '';
  for (; i < chars.length; i++) {
    r0 = chars[i];
    if (!isConnector(r0)) break;
    out += r0;
  }
  i++;
  if (i > chars.length) return out;
  if (i === chars.length) return out + r0.toUpperCase();
  let first = true;
  let r1: string;
  for (; i < chars.length; i++) {
    r1 = r0;
    r0 = chars[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = r0.toUpperCase();
    else {
      out += first ? r1.toUpperCase() : r1;
    }
    first = false;
  }
  return out + r0;
}

function quote(...args: Value[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => goQuote(strval(a)))
    .join(' ');
}

function squote(...args: Value[]): string {
  return args
    .filter((a) => a !== null && a !== undefined)
    .map((a) => `'${strval(a)}'`)
    .join(' ');
}

function cat(...args: Value[]): string {
  const v = args.filter((a) => a !== null && a !== undefined);
  return sprintf('%v '.repeat(v.length).trim(), v);
}

function indent(spaces: bigint, v: string): string {
  const pad = ' '.repeat(Math.max(0, Number(spaces)));
  return pad + v.replaceAll('\n', `\n${pad}`);
}

function substr(start: bigint, end: bigint, s: string): string {
  const len = byteLength(s);
  const oob = () => new FuncError(`runtime error: slice bounds out of range [${start}:${end}] with length ${len}`);
  if (start < 0n) {
    if (end < 0n || end > BigInt(len)) throw oob();
    return byteSlice(s, 0, Number(end));
  }
  if (end < 0n || end > BigInt(len)) {
    if (start > BigInt(len)) throw oob();
    return byteSlice(s, Number(start), len);
  }
  if (start > end) throw oob();
  return byteSlice(s, Number(start), Number(end));
}

function trunc(c: bigint, s: string): string {
  const len = BigInt(byteLength(s));
  if (c < 0n && len + c > 0n) return byteSlice(s, Number(len + c), Number(len));
  if (c >= 0n && len > c) return byteSlice(s, 0, Number(c));
  return s;
}

function repeat(count: bigint, s: string): string {
  if (count < 0n) throw new FuncError('strings: negative Repeat count');
  if (BigInt(s.length) * count > BigInt(MAX_BUILD)) throw new FuncError(`repeat: result larger than ${MAX_BUILD} bytes`);
  return s.repeat(Number(count));
}

function splitMap(parts: string[]): Map<string, Value> {
  const m = new Map<string, Value>();
  parts.forEach((p, i) => {
    m.set(`_${i}`, p);
  });
  return m;
}

/** strings.Split */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = Array.from(s);
    if (n > 0 && chars.length > n) return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
    return chars;
  }
  const parts = s.split(sep);
  if (n > 0 && parts.length > n) return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
  return parts;
}

function plural(one: string, many: string, count: bigint): string {
  return count === 1n ? one : many;
}

export function stringFuncs(): Record<string, GoFunc> {
  return {
    hello: fn([], () => 'Hello!'),
    abbrev: fn(['int', 'string'], (w: bigint, s: string) => (w < 4n ? s : abbreviateFull(s, 0, Number(w)))),
    abbrevboth: fn(['int', 'int', 'string'], (l: bigint, r: bigint, s: string) =>
      r < 4n || (l > 0n && r < 7n) ? s : abbreviateFull(s, Number(l), Number(r)),
    ),
    trunc: fn(['int', 'string'], trunc),
    trim: fn(['string'], trimSpace),
    upper: fn(['string'], (s: string) => s.toUpperCase()),
    lower: fn(['string'], (s: string) => s.toLowerCase()),
    title: fn(['string'], title),
    untitle: fn(['string'], untitle),
    substr: fn(['int', 'int', 'string'], substr),
    repeat: fn(['int', 'string'], repeat),
    trimall: fn(['string', 'string'], (a: string, b: string) => trimCutset(b, a)),
    trimAll: fn(['string', 'string'], (a: string, b: string) => trimCutset(b, a)),
    trimSuffix: fn(['string', 'string'], (a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
    trimPrefix: fn(['string', 'string'], (a: string, b: string) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
    nospace: fn(['string'], (s: string) =>
      Array.from(s)
        .filter((c) => !isSpaceRune(c))
        .join(''),
    ),
    initials: fn(['string'], initials),
    swapcase: fn(['string'], swapcase),
    snakecase: fn(['string'], (s: string) => camelCaseToLowerCase(s, '_')),
    camelcase: fn(['string'], toPascalCase),
    kebabcase: fn(['string'], (s: string) => camelCaseToLowerCase(s, '-')),
    wrap: fn(['int', 'string'], (l: bigint, s: string) => wrapCustom(s, Number(l), '', false)),
    wrapWith: fn(['int', 'string', 'string'], (l: bigint, sep: string, s: string) => wrapCustom(s, Number(l), sep, true)),
    contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
    hasPrefix: fn(['string', 'string'], (sub: string, s: string) => s.startsWith(sub)),
    hasSuffix: fn(['string', 'string'], (sub: string, s: string) => s.endsWith(sub)),
    quote: vfn([], 'any', quote),
    squote: vfn([], 'any', squote),
    cat: vfn([], 'any', cat),
    indent: fn(['int', 'string'], indent),
    nindent: fn(['int', 'string'], (n: bigint, s: string) => `\n${indent(n, s)}`),
    replace: fn(['string', 'string', 'string'], (o: string, n: string, s: string) => s.replaceAll(o, n)),
    plural: fn(['string', 'string', 'int'], plural),
    toString: fn(['any'], strval),
    split: fn(['string', 'string'], (sep: string, s: string) => splitMap(goSplit(s, sep))),
    splitn: fn(['string', 'int', 'string'], (sep: string, n: bigint, s: string) => splitMap(goSplit(s, sep, Number(n)))),
    splitList: fn(['string', 'string'], (sep: string, s: string) => stringListOf(goSplit(s, sep))),
    toStrings: fn(['any'], (v: Value) => stringListOf(strslice(v))),
    join: fn(['string', 'any'], (sep: string, v: Value) => strslice(v).join(sep)),
    sortAlpha: fn(['any'], sortAlpha),
  };
}

function stringListOf(items: string[]): Value[] {
  return stringList(items);
}

/** sprig's strslice (toStrings): nil elements dropped, the rest through strval. */
export function strslice(v: Value): string[] {
  const items = listItems(v);
  if (items) return items.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

function sortAlpha(list: Value): Value[] {
  if (Array.isArray(list)) {
    const a = strslice(list);
    a.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return stringList(a);
  }
  return stringList([strval(list)]);
}
