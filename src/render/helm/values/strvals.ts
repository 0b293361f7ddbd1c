import { isTable } from '../chart/go-yaml.js';
import type { Values } from './coalesce.js';
import { goInt } from './go-int.js';

/**
 * Helm's `--set` syntax (pkg/strvals): `a.b=c`, several pairs joined by `,`, lists `a={1,2}`, indices
 * `a[0].b=c`, `\` escaping the next character; values typed as Helm types them (`true`/`false`/`null`,
 * integers without a leading zero become int64, the rest strings), or all strings (`--set-string`),
 * or read by a function (`--set-file`), or JSON (`--set-json`).
 */
export class StrvalsError extends Error {}

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

type Reader = (runes: string[]) => unknown;

class EOF {}
const eof = new EOF();
const notList = new StrvalsError('not a list');

class Scanner {
  private i = 0;
  constructor(private readonly runes: string[]) {}
  read(): string | EOF {
    return this.i < this.runes.length ? this.runes[this.i++] : eof;
  }
  unread(): void {
    this.i--;
  }
  rest(): string {
    return this.runes.slice(this.i).join('');
  }
  skip(n: number): void {
    this.i += n;
  }
}

/** typedVal: what `--set` makes of a value. */
export function typedValue(text: string, asString: boolean): unknown {
  if (asString) return text;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return goInt(0);
  if (text.length !== 0 && text[0] !== '0' && /^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return goInt(Number(n));
  }
  return text;
}

function runesUntil(sc: Scanner, stop: Set<string>): { runes: string[]; last: string | EOF } {
  const v: string[] = [];
  for (;;) {
    const r = sc.read();
    if (r instanceof EOF) return { runes: v, last: r };
    if (stop.has(r)) return { runes: v, last: r };
    if (r === '\\') {
      const next = sc.read();
      if (next instanceof EOF) return { runes: v, last: next };
      v.push(next);
    } else v.push(r);
  }
}

const KEY_STOP = new Set(['=', '[', ',', '.']);
const INDEX_STOP = new Set([']']);
const ITEM_STOP = new Set(['[', '.', '=']);
const VAL_STOP = new Set([',']);
const LIST_STOP = new Set([',', '}']);

class Parser {
  constructor(
    private readonly sc: Scanner,
    private readonly data: Values,
    private readonly reader: Reader | undefined,
  ) {}

  parse(): void {
    for (;;) {
      const r = this.key(this.data, 0);
      if (r === eof) return;
    }
  }

  private key(data: Values, level: number): undefined | EOF {
    const { runes, last } = runesUntil(this.sc, KEY_STOP);
    const k = runes.join('');
    if (last instanceof EOF) {
      if (runes.length === 0) return eof;
      throw new StrvalsError(`key "${k}" has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      let list: unknown[] = [];
      if (Object.hasOwn(data, k)) {
        if (!Array.isArray(data[k]))
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is not []interface {}`);
        list = data[k] as unknown[];
      }
      const r = this.listItem(list, i, level);
      set(data, k, r.list);
      return r.eof ? eof : undefined;
    }
    if (last === '=') {
      if (this.reader === undefined) {
        if (this.emptyVal()) {
          set(data, k, null);
          return undefined;
        }
        set(data, k, this.jsonValue());
        this.emptyVal();
        return undefined;
      }
      const vl = this.valList();
      if (vl === eof) {
        set(data, k, '');
        return eof;
      }
      if (vl === notList) {
        const rs = this.val();
        set(data, k, this.reader(rs.runes));
        return rs.eof ? eof : undefined;
      }
      set(data, k, vl);
      return undefined;
    }
    if (last === ',') {
      set(data, k, '');
      throw new StrvalsError(`key "${k}" has no value (cannot end with ,)`);
    }
    // last === '.'
    level++;
    if (level > MAX_NESTED_NAME_LEVEL)
      throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    let inner: Values = {};
    if (Object.hasOwn(data, k)) {
      if (!isTable(data[k]))
        throw new StrvalsError('unable to parse key: interface conversion: interface {} is not map[string]interface {}');
      inner = data[k] as Values;
    }
    let e: undefined | EOF;
    try {
      e = this.key(inner, level);
    } catch (err) {
      if (Object.keys(inner).length !== 0) set(data, k, inner);
      throw err;
    }
    if (e === undefined && Object.keys(inner).length === 0) throw new StrvalsError(`key map "${k}" has no value`);
    if (Object.keys(inner).length !== 0) set(data, k, inner);
    return e;
  }

  private keyIndex(): number {
    const { runes, last } = runesUntil(this.sc, INDEX_STOP);
    if (last instanceof EOF) throw new StrvalsError('error parsing index: EOF');
    const text = runes.join('');
    if (!/^[+-]?\d+$/.test(text)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing "${text}": invalid syntax`);
    return Number(text);
  }

  private listItem(list: unknown[], i: number, level: number): { list: unknown[]; eof: boolean } {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const { runes, last } = runesUntil(this.sc, ITEM_STOP);
    if (runes.length > 0) throw new StrvalsError(`unexpected data at end of array index: "${runes.join('')}"`);
    if (last instanceof EOF) return { list, eof: true };
    if (last === '=') {
      if (this.reader === undefined) {
        if (this.emptyVal()) return { list: setIndex(list, i, null), eof: false };
        const v = this.jsonValue();
        const l = setIndex(list, i, v);
        this.emptyVal();
        return { list: l, eof: false };
      }
      const vl = this.valList();
      if (vl === eof) return { list: setIndex(list, i, ''), eof: false };
      if (vl === notList) {
        const rs = this.val();
        return { list: setIndex(list, i, this.reader(rs.runes)), eof: false };
      }
      return { list: setIndex(list, i, vl), eof: false };
    }
    if (last === '[') {
      const nextI = this.keyIndex();
      let crt: unknown[] = [];
      if (list.length > i && list[i] !== null && list[i] !== undefined) {
        if (!Array.isArray(list[i]))
          throw new StrvalsError('unable to parse key: interface conversion: interface {} is not []interface {}');
        crt = list[i] as unknown[];
      }
      const r = this.listItem(crt, nextI, level);
      return { list: setIndex(list, i, r.list), eof: false };
    }
    // last === '.'
    let inner: Values = {};
    if (list.length > i) {
      if (isTable(list[i])) inner = list[i] as Values;
      else list[i] = inner;
    }
    const e = this.key(inner, level);
    return { list: setIndex(list, i, inner), eof: e === eof };
  }

  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r instanceof EOF) return true;
      if (r === ',') return true;
      if (!/\s/u.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  private jsonValue(): unknown {
    const rest = this.sc.rest();
    const { value, length } = decodeFirstJson(rest);
    this.sc.skip([...rest.slice(0, length)].length);
    return value;
  }

  private val(): { runes: string[]; eof: boolean } {
    const { runes, last } = runesUntil(this.sc, VAL_STOP);
    return { runes, eof: last instanceof EOF };
  }

  private valList(): unknown[] | EOF | StrvalsError {
    const r = this.sc.read();
    if (r instanceof EOF) return eof;
    if (r !== '{') {
      this.sc.unread();
      return notList;
    }
    const list: unknown[] = [];
    const reader = this.reader as Reader;
    for (;;) {
      const { runes, last } = runesUntil(this.sc, LIST_STOP);
      if (last instanceof EOF) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        const n = this.sc.read();
        if (!(n instanceof EOF) && n !== ',') this.sc.unread();
        list.push(reader(runes));
        return list;
      }
      list.push(reader(runes));
    }
  }
}

/** Decodes the first JSON value of `text` (Go's json.Decoder.Decode) and how many characters it used. */
function decodeFirstJson(text: string): { value: unknown; length: number } {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  const start = i;
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
  } else if (text[i] === '"') {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') {
        i++;
        break;
      }
    }
  } else {
    while (i < text.length && /[^\s,{}[\]]/.test(text[i])) i++;
  }
  try {
    return { value: JSON.parse(text.slice(start, i)), length: i };
  } catch (cause) {
    throw new StrvalsError(`invalid JSON value: ${(cause as Error).message}`);
  }
}

function set(data: Values, key: string, value: unknown): void {
  if (key.length === 0) return;
  data[key] = value;
}

function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  let out = list;
  if (out.length <= index) {
    out = [...list];
    while (out.length <= index) out.push(null);
  }
  out[index] = value;
  return out;
}

function run(text: string, dest: Values, reader: Reader | undefined): void {
  try {
    new Parser(new Scanner([...text]), dest, reader).parse();
  } catch (cause) {
    if (cause instanceof StrvalsError) throw cause;
    throw new StrvalsError(`unable to parse key: ${(cause as Error).message}`);
  }
}

/** strvals.ParseInto: `--set` */
export function parseSetInto(text: string, dest: Values): void {
  run(text, dest, (rs) => typedValue(rs.join(''), false));
}

/** strvals.ParseIntoString: `--set-string` */
export function parseSetStringInto(text: string, dest: Values): void {
  run(text, dest, (rs) => typedValue(rs.join(''), true));
}

/** strvals.ParseIntoFile: `--set-file`, `readFile` returns the file's content for a path. */
export function parseSetFileInto(text: string, dest: Values, readFile: (path: string) => string): void {
  run(text, dest, (rs) => readFile(rs.join('')));
}

/** strvals.ParseJSON: `--set-json` */
export function parseSetJsonInto(text: string, dest: Values): void {
  run(text, dest, undefined);
}
