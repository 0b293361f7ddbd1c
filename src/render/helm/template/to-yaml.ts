/**
 * Helm's toYaml, byte for byte: sigs.k8s.io/yaml.Marshal, i.e. encoding/json first (so structs
 * become maps, integral floats become ints, and NaN fails) and then go-yaml v2's encoder and
 * emitter (libyaml's rules): keys in go-yaml's natural order, sequences not indented under their
 * key, plain / single-quoted / double-quoted / literal scalar styles chosen as libyaml chooses
 * them, and long lines folded at column 80.
 *
 * `pretty: true` is toYamlPretty (go-yaml v3 with indent 2): sequences indented under their key,
 * and values encoded directly rather than through JSON.
 */
import { JsonMarshalError, jsonFloat } from './to-json.js';
import { formatFloat } from './strconv.js';
import { Float32, GoComplex, GoObject, GoStruct, TypedInt, type Value } from './value.js';

/** The value after the JSON round trip: what go-yaml v2 marshals. */
type J = null | boolean | string | bigint | number | J[] | Map<string, J>;

function normalize(v: Value, depth: number, viaJson = true): J {
  if (depth > 10000) throw new JsonMarshalError('json: unsupported value: nested too deeply');
  switch (typeof v) {
    case 'undefined':
      return null;
    case 'string':
    case 'boolean':
    case 'bigint':
      return v;
    case 'number':
      return viaJson ? normalizeFloat(v) : v;
  }
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => normalize(x, depth + 1, viaJson));
  if (v instanceof Map) {
    const m = new Map<string, J>();
    for (const [k, x] of v) m.set(k, normalize(x, depth + 1, viaJson));
    return m;
  }
  if (v instanceof TypedInt) return v.value;
  if (v instanceof Float32) return normalizeFloat(Number(jsonFloat(v.value, 32)));
  if (v instanceof GoComplex) throw new JsonMarshalError('json: unsupported type: complex128');
  if (v instanceof GoStruct) {
    const m = new Map<string, J>();
    for (const k of v.fieldOrder) m.set(k, normalize(v.fields[k], depth + 1, viaJson));
    return m;
  }
  if (v instanceof GoObject) {
    const j = (v as GoObject & { toJSONValue?: () => Value }).toJSONValue?.();
    if (j !== undefined) return normalize(j, depth + 1, viaJson);
    return v.stringer() ?? null;
  }
  return null;
}

function normalizeFloat(f: number): J {
  if (!Number.isFinite(f)) throw new JsonMarshalError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  // encoding/json prints integral floats below 1e21 as their shortest digits, zero-filled
  // (699537150416724608 prints as 699537150416724600); go-yaml then reads an int.
  if (Number.isInteger(f) && Math.abs(f) < 1e21) {
    const n = BigInt(formatFloat(f, 'f', -1));
    if (n >= -(2n ** 63n) && n < 2n ** 64n) return n;
  }
  return f;
}

// ---------------------------------------------------------------- go-yaml v2 key order

const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isDigit = (c: string) => /^\p{Nd}$/u.test(c);

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number) => c >= 48 && c <= 57;

/** go-yaml v2's keyList.Less for string keys: letters and digit runs compared naturally. */
export function yamlKeyLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0x80 || cb >= 0x80) return yamlKeyLessRunes(a, b);
    const al = isAsciiLetter(ca);
    const bl = isAsciiLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ca === 48 || cb === 48) {
      for (let j = i - 1; j >= 0 && isAsciiDigit(a.charCodeAt(j)); j--) {
        if (a.charCodeAt(j) !== 48) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < a.length && isAsciiDigit(a.charCodeAt(ai)); ai++) an = an * 10 + (a.charCodeAt(ai) - 48);
    let bi = i;
    for (; bi < b.length && isAsciiDigit(b.charCodeAt(bi)); bi++) bn = bn * 10 + (b.charCodeAt(bi) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca < cb;
  }
  return a.length < b.length;
}

function yamlKeyLessRunes(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

function sortKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  return keys.sort((x, y) => (x === y ? 0 : yamlKeyLess(x, y) ? -1 : 1));
}

// ---------------------------------------------------------------- go-yaml v2 resolve (for quoting)

const RESOLVE_MAP = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) || /^\d{4}-\d{1,2}-\d{1,2}[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(s);
}

/** Would this text, written plain, read back as something other than this string? */
function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0];
  if (c === '.') return YAML_FLOAT.test(s) || (/^\.[0-9]/.test(s) && !Number.isNaN(Number(s)));
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isTimestamp(s)) return true;
    const plain = s.replaceAll('_', '');
    if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[0-9]+)$/.test(plain)) return true;
    if (YAML_FLOAT.test(plain)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- scalar analysis (libyaml)

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isBreakCode = (c: number) => c === 13 || c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankzCode = (c: number) => Number.isNaN(c) || c === 32 || c === 9 || isBreakCode(c);
const isBreak = (c: string) => isBreakCode(c.charCodeAt(0));

/** go-yaml's is_printable (code units: a surrogate is never printable, as U+10000 and up are not). */
function isPrintableCode(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const FLOW_FIRST = new Set('#,[]{}&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
const FLOW_ANY = new Set(',?[]{}'.split('').map((c) => c.charCodeAt(0)));

function analyze(s: string): Analysis {
  const n = s.length;
  if (n === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
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
  if (s.startsWith('---') || s.startsWith('...')) blockInd = flowInd = true;
  let precededByWs = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const followedByWs = isBlankzCode(s.charCodeAt(i + 1));
    if (i === 0) {
      if (FLOW_FIRST.has(c)) flowInd = blockInd = true;
      if (c === 63 || c === 58) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (c === 45 && followedByWs) flowInd = blockInd = true;
    } else {
      if (FLOW_ANY.has(c)) flowInd = true;
      if (c === 58) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (c === 35 && precededByWs) flowInd = blockInd = true;
    }
    if (!isPrintableCode(c)) special = true;
    const brk = isBreakCode(c);
    if (brk) lineBreaks = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (brk) {
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = isBlankzCode(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

// ---------------------------------------------------------------- the emitter

type Style = 'plain' | 'single' | 'double' | 'literal';

const BEST_WIDTH = 80;
const HEXU = '0123456789ABCDEF';

class Emitter {
  out = '';
  column = 0;
  indent = -1;
  whitespace = true;
  indention = true;
  private readonly indents: number[] = [];

  constructor(private readonly pretty: boolean) {}

  put(s: string): void {
    this.out += s;
    this.column += s.length;
  }
  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? 2 : 0;
    else if (!indentless) this.indent += 2;
  }
  popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = this.indent >= 0 ? this.indent : 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // -------------------------------------------------------------- nodes

  node(v: J, ctx: { mapping: boolean; simpleKey: boolean }): void {
    if (v instanceof Map) {
      if (v.size === 0) this.flowEmpty('{}');
      else this.blockMapping(v);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) this.flowEmpty('[]');
      else this.blockSequence(v, ctx.mapping);
      return;
    }
    this.scalar(v, ctx.simpleKey);
  }

  flowEmpty(text: string): void {
    this.writeIndicator(text[0], true, true, false);
    this.writeIndicator(text[1], false, false, false);
  }

  blockMapping(m: Map<string, J>): void {
    this.increaseIndent(false, false);
    for (const k of sortKeys([...m.keys()])) {
      this.writeIndent();
      this.scalar(k, true);
      this.writeIndicator(':', false, false, false);
      this.node(m.get(k)!, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  blockSequence(items: J[], mappingContext: boolean): void {
    this.increaseIndent(false, !this.pretty && mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  scalar(v: J, simpleKey: boolean): void {
    let text: string;
    let style: Style;
    if (typeof v === 'string') {
      const a = analyze(v);
      const canPlain = !resolvesToNonString(v) && !BASE60_FLOAT.test(v);
      style = v.includes('\n') ? 'literal' : canPlain ? 'plain' : 'double';
      if (simpleKey && a.multiline) style = 'double';
      if (style === 'plain') {
        if (!a.blockPlain) style = 'single';
        if (v.length === 0 && simpleKey) style = 'single';
      }
      if (style === 'single' && !a.singleQuoted) style = 'double';
      if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
      text = v;
    } else {
      style = 'plain';
      if (v === null) text = 'null';
      else if (typeof v === 'boolean') text = v ? 'true' : 'false';
      else if (typeof v === 'bigint') text = v.toString();
      else {
        text = formatFloat(v as number, 'g', -1);
        if (text === '+Inf') text = '.inf';
        else if (text === '-Inf') text = '-.inf';
        else if (text === 'NaN') text = '.nan';
      }
    }
    this.increaseIndent(true, false);
    switch (style) {
      case 'plain':
        this.writePlain(text, !simpleKey);
        break;
      case 'single':
        this.writeSingle(text, !simpleKey);
        break;
      case 'double':
        this.writeDouble(text, !simpleKey);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  writePlain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    if (!allowBreaks || this.column + s.length <= BEST_WIDTH + 1 || !s.includes(' ')) {
      this.put(s);
    } else {
      let spaces = false;
      let run = 0;
      for (let i = 0; i < s.length; i++) {
        if (s.charCodeAt(i) === 32) {
          if (i > run) this.put(s.slice(run, i));
          if (!spaces && this.column > BEST_WIDTH && s.charCodeAt(i + 1) !== 32) this.writeIndent();
          else this.put(' ');
          run = i + 1;
          spaces = true;
        } else spaces = false;
      }
      if (run < s.length) this.put(s.slice(run));
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeSingle(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(s);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ')
          this.writeIndent();
        else this.put(c);
        spaces = true;
      } else {
        this.put(c === "'" ? "''" : c);
        this.indention = false;
        spaces = false;
      }
    }
    this.writeIndicator("'", false, false, false);
  }

  writeDouble(s: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(s);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      const cp = c.codePointAt(0)!;
      if (!isPrintableCode(cp) || isBreak(c) || c === '"' || c === '\\') {
        this.put('\\');
        switch (cp) {
          case 0:
            this.put('0');
            break;
          case 7:
            this.put('a');
            break;
          case 8:
            this.put('b');
            break;
          case 9:
            this.put('t');
            break;
          case 10:
            this.put('n');
            break;
          case 11:
            this.put('v');
            break;
          case 12:
            this.put('f');
            break;
          case 13:
            this.put('r');
            break;
          case 0x1b:
            this.put('e');
            break;
          case 0x22:
            this.put('"');
            break;
          case 0x5c:
            this.put('\\');
            break;
          case 0x85:
            this.put('N');
            break;
          case 0xa0:
            this.put('_');
            break;
          case 0x2028:
            this.put('L');
            break;
          case 0x2029:
            this.put('P');
            break;
          default: {
            const width = cp <= 0xff ? 2 : cp <= 0xffff ? 4 : 8;
            this.put(width === 2 ? 'x' : width === 4 ? 'u' : 'U');
            let h = '';
            for (let k = width - 1; k >= 0; k--) h += HEXU[(cp >>> (4 * k)) & 15];
            this.put(h);
          }
        }
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  writeLiteral(s: string): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints.
    const chars = Array.from(s);
    if (chars[0] === ' ' || isBreak(chars[0])) this.writeIndicator('2', false, false, false);
    const last = chars[chars.length - 1];
    let chomp = '';
    if (!isBreak(last)) chomp = '-';
    else if (chars.length === 1 || isBreak(chars[chars.length - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isBreak(c)) {
        if (c === '\r' && chars[i + 1] === '\n') i++;
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** go-yaml v2 Marshal of the JSON round trip of v (sigs.k8s.io/yaml.Marshal), with its trailing newline. */
export function marshalYaml(v: Value, options: { pretty?: boolean } = {}): string {
  // toYaml goes through encoding/json (integral floats become ints); toYamlPretty (go-yaml v3)
  // encodes the Go values themselves (a float64 1e6 prints as 1e+06).
  const j = normalize(v, 0, !options.pretty);
  const e = new Emitter(options.pretty ?? false);
  e.node(j, { mapping: false, simpleKey: false });
  if (!e.out.endsWith('\n')) e.putBreak();
  return e.out;
}
