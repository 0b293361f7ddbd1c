/**
 * Writes JSON-like values as block YAML the way kustomize prints them (JSON -> go-yaml v2): keys
 * sorted, sequences not indented under their key, strings plain when possible, 'single-quoted'
 * when only the syntax needs quotes, "double-quoted" when a reader would otherwise take them for a
 * number, boolean, null or date (or they hold control characters), `|` blocks for multi-line text,
 * long plain lines folded at 80 columns. Pure.
 */
import { resolveGoPlain, resolvePyPlainType } from './yaml-scalars.js';

const WIDTH = 80;

/** Byte-wise (UTF-8 order) comparison, as Go sorts map keys. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : 1;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/**
 * go-yaml v2's order of string mapping keys (its keyList.Less), which kustomize's output has
 * (sigs.k8s.io/yaml's JSONToYAML marshals with go-yaml v2): character by character, a letter sorts
 * after anything else, two letters or two other characters by code point, and runs of digits by
 * their value (a shorter run first when equal: "9" < "09" < "10"). Not the order of the hash.
 */
export function compareYamlV2Keys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlV2Less([...a], [...b]) ? -1 : 1;
}

function yamlV2Less(ar: string[], br: string[]): boolean {
  const code = (c: string) => c.codePointAt(0)!;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = LETTER.test(ar[i]);
    const bl = LETTER.test(br[i]);
    if (al && bl) return code(ar[i]) < code(br[i]);
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      // A zero inside a number that started with another digit compares as part of that number.
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && DIGIT.test(ar[ai]); ai++) an = an * 10 + (code(ar[ai]) - 48);
    let bi = i;
    for (; bi < br.length && DIGIT.test(br[bi]); bi++) bn = bn * 10 + (code(br[bi]) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return code(ar[i]) < code(br[i]);
  }
  return ar.length < br.length;
}

const V2_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

/** True when some YAML reader (go-yaml v2/v3, PyYAML) would not read `s` back as a string. */
function looksLikeOtherType(s: string): boolean {
  if (s === '' || s === '<<' || V2_BOOL.test(s) || BASE60.test(s) || TIMESTAMP.test(s)) return true;
  return resolveGoPlain(s).type !== 'str' || resolvePyPlainType(s) !== 'str';
}

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    c >= 0x10000
  );
}

interface Analysis {
  plain: boolean;
  single: boolean;
  block: boolean;
}

/** libyaml's scalar analysis: which styles may carry this text. */
function analyze(s: string): Analysis {
  let flowInd = false;
  let blockInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    flowInd = true;
    blockInd = true;
  }
  const chars = Array.from(s);
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowInd = true;
        blockInd = true;
      }
      if (ch === '?' || ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '-' && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '#' && precededByWs) {
        flowInd = true;
        blockInd = true;
      }
    }
    if (!isPrintable(c)) special = true;
    if (ch === '\n') lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (ch === '\n') {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  }
  let plain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    plain = false;
    single = false;
  }
  if (spaceBreak || special) {
    plain = false;
    single = false;
    block = false;
  }
  if (lineBreaks) plain = false;
  if (blockInd) plain = false;
  void flowInd;
  return { plain, single, block };
}

const DQ_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\x0b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\u0085': '\\N',
  '\u00a0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/** A "double-quoted" scalar, folded at spaces past the line width as libyaml does. */
function doubleQuoted(s: string, column = 0, indent = '', allowBreaks = false): string {
  const chars = Array.from(s);
  let out = '"';
  let col = column + 1;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const c = ch.codePointAt(0)!;
    const esc = DQ_ESCAPES[ch];
    if (esc || !isPrintable(c)) {
      const hex = c.toString(16).toUpperCase();
      const e =
        esc ?? (c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`);
      out += e;
      col += e.length;
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && col > WIDTH && i !== 0 && i !== chars.length - 1) {
        out += '\n' + indent;
        col = indent.length;
        if (chars[i + 1] === ' ') {
          out += '\\';
          col++;
        }
      } else {
        out += ch;
        col++;
      }
      spaces = true;
    } else {
      out += ch;
      col++;
      spaces = false;
    }
  }
  return out + '"';
}

/** A plain or 'single-quoted' scalar, folded at single spaces past the line width. */
function folded(s: string, column: number, indent: string, quoted: boolean): string {
  const chars = Array.from(s);
  let out = quoted ? "'" : '';
  let col = column + (quoted ? 1 : 0);
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ') {
      const edge = quoted && (i === 0 || i === chars.length - 1);
      if (!spaces && col > WIDTH && chars[i + 1] !== ' ' && !edge) {
        out += '\n' + indent;
        col = indent.length;
      } else {
        out += ch;
        col++;
      }
      spaces = true;
    } else {
      out += quoted && ch === "'" ? "''" : ch;
      col += quoted && ch === "'" ? 2 : 1;
      spaces = false;
    }
  }
  return quoted ? out + "'" : out;
}

/** A `|` block; an indentation hint when the text starts with a space or a line break. */
function literal(s: string, indent: string): string {
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s === '\n' || s.endsWith('\n\n')) chomp = '+';
  const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const body = chomp === '-' ? s : s.slice(0, -1);
  return (
    `|${hint}${chomp}\n` +
    body
      .split('\n')
      .map((l) => (l === '' ? '' : indent + l))
      .join('\n')
  );
}

/** A string scalar; `column` is where it starts, `indent` the indentation of continuation lines. */
export function emitString(s: string, column: number, indent: string, isKey = false): string {
  if (looksLikeOtherType(s)) return doubleQuoted(s, column, indent, !isKey);
  const a = analyze(s);
  if (s.includes('\n') && !isKey) return a.block ? literal(s, indent) : doubleQuoted(s, column, indent, true);
  if (a.plain) return isKey ? s : folded(s, column, indent, false);
  if (a.single) return isKey ? `'${s.replace(/'/g, "''")}'` : folded(s, column, indent, true);
  return doubleQuoted(s, column, indent, !isKey);
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  return String(n).replace(/e([-+])(\d)$/, 'e$10$2');
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

function inline(v: unknown, column: number, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'bigint') return v.toString();
  return emitString(String(v), column, indent);
}

const keyCache = new Map<string, string>();

function keyText(key: string): string {
  let t = keyCache.get(key);
  if (t === undefined) {
    t = emitString(key, 0, '', true);
    if (keyCache.size < 10000) keyCache.set(key, t);
  }
  return t;
}

function emitNode(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !isEmptyCollection(item)) {
        const inner: string[] = [];
        emitNode(item, indent + '  ', inner);
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        out.push(...inner);
      } else {
        out.push(`${indent}- ${inline(item, indent.length + 2, indent + '  ')}`);
      }
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj).sort(compareYamlV2Keys)) {
    const v = obj[key];
    const k = keyText(key);
    if (typeof v === 'object' && v !== null && !isEmptyCollection(v)) {
      out.push(`${indent}${k}:`);
      emitNode(v, Array.isArray(v) ? indent : indent + '  ', out);
    } else {
      out.push(`${indent}${k}: ${inline(v, indent.length + k.length + 2, indent + '  ')}`);
    }
  }
}

/** One YAML document (no leading `---`), ending with a newline. */
export function emitYamlDocument(value: unknown): string {
  if (typeof value !== 'object' || value === null || isEmptyCollection(value)) return inline(value, 0, '  ') + '\n';
  const out: string[] = [];
  emitNode(value, '', out);
  return out.join('\n') + '\n';
}
