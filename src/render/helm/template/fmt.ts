/**
 * Go's fmt package over the template value model: Sprint, Sprintln, Sprintf with Go's verbs, flags,
 * widths, precisions, argument indexes and error forms (`%!d(string=x)`, `%!(EXTRA ...)`), and how
 * %v prints maps (`map[a:1 b:2]`, keys sorted), slices (`[1 2 3]`), nil (`<nil>`) and floats
 * (`1e+06`: strconv 'g', shortest).
 */
import { canBackquote, formatFloat, quote, quoteRune } from './strconv.js';
import { Float32, GoComplex, GoObject, GoStruct, sortedKeys, TypedInt, typeName, type Value } from './value.js';

const utf8 = new TextEncoder();

class Printer {
  buf = '';
  // flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  widPresent = false;
  prec = 0;
  precPresent = false;
  erroring = false;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  truncate(s: string): string {
    if (this.precPresent) {
      let n = this.prec;
      let i = 0;
      for (const ch of s) {
        n--;
        if (n < 0) return s.slice(0, i);
        i += ch.length;
      }
    }
    return s;
  }

  fmtS(s: string): void {
    const saved = this.zero;
    this.pad(this.truncate(s));
    this.zero = saved;
  }

  fmtSx(s: string, upper: boolean): void {
    let bytes = utf8.encode(s);
    if (this.precPresent && this.prec < bytes.length) bytes = bytes.subarray(0, this.prec);
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    let out = '';
    for (let i = 0; i < bytes.length; i++) {
      if (this.space && i > 0) out += ' ';
      if (this.sharp && (this.space || i === 0)) out += upper ? '0X' : '0x';
      out += digits[bytes[i] >> 4] + digits[bytes[i] & 15];
    }
    this.pad(out);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad(`\`${s}\``);
    else this.pad(quote(s, this.plus));
  }

  fmtInteger(value: bigint, base: number, signed: boolean, verb: string, upper: boolean): void {
    let u = value;
    const negative = signed && u < 0n;
    if (negative) u = -u;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const z = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = z;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.sharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = `0o${digits}`;
    if (negative) digits = `-${digits}`;
    else if (this.plus) digits = `+${digits}`;
    else if (this.space) digits = ` ${digits}`;
    const z = this.zero;
    this.zero = false;
    this.pad(digits);
    this.zero = z;
  }

  fmtFloatRaw(v: number, size: 32 | 64, verb: string, defPrec: number): void {
    const prec = this.precPresent ? this.prec : defPrec;
    let num = formatFloat(v, verb, prec, size);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.space && num[0] === '+' && !this.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const z = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = z;
      return;
    }
    if (this.sharp && verb !== 'b') num = sharpFloat(num, verb, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  badVerb(verb: string, v: Value, hasValue: boolean): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    if (hasValue && v !== null && v !== undefined) {
      this.buf += `${typeName(v)}=`;
      this.printValue(v, 'v', 0);
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  fmtBool(b: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtS(b ? 'true' : 'false');
    else this.badVerb(verb, b, true);
  }

  fmtInt(v: bigint, signed: boolean, verb: string, orig: Value): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) {
          const s = this.sharp;
          this.sharp = true;
          this.fmtInteger(v, 16, false, 'v', false);
          this.sharp = s;
        } else this.fmtInteger(v, 10, signed, verb, false);
        return;
      case 'd':
        this.fmtInteger(v, 10, signed, verb, false);
        return;
      case 'b':
        this.fmtInteger(v, 2, signed, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, signed, verb, false);
        return;
      case 'x':
        this.fmtInteger(v, 16, signed, verb, false);
        return;
      case 'X':
        this.fmtInteger(v, 16, signed, verb, true);
        return;
      case 'c':
        this.pad(validRune(v) ? String.fromCodePoint(Number(v)) : '\ufffd');
        return;
      case 'q':
        this.pad(quoteRune(validRune(v) ? Number(v) : 0xfffd, this.plus));
        return;
      case 'U': {
        const cp = v < 0n || v > 0x7fffffffn ? v : v;
        let s = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        if (this.sharp && validRune(v) && isPrintRune(Number(v))) s += ` '${String.fromCodePoint(Number(v))}'`;
        const z = this.zero;
        this.zero = false;
        this.pad(s);
        this.zero = z;
        return;
      }
      default:
        this.badVerb(verb, orig, true);
    }
  }

  fmtFloat(v: number, size: 32 | 64, verb: string, orig: Value): void {
    switch (verb) {
      case 'v':
        this.fmtFloatRaw(v, size, 'g', -1);
        return;
      case 'g':
      case 'G':
        this.fmtFloatRaw(v, size, verb, -1);
        return;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
        this.fmtFloatRaw(v, size, verb, 6);
        return;
      default:
        this.badVerb(verb, orig, true);
    }
  }

  fmtComplex(c: GoComplex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb, c, true);
      return;
    }
    const oldPlus = this.plus;
    this.buf += '(';
    this.fmtFloat(c.re, 64, verb, c);
    this.plus = true;
    this.fmtFloat(c.im, 64, verb, c);
    this.buf += 'i)';
    this.plus = oldPlus;
  }

  fmtString(s: string, verb: string, orig: Value): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSx(s, false);
        return;
      case 'X':
        this.fmtSx(s, true);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, orig, true);
    }
  }

  /** printArg: the top-level formatting of one operand. */
  printArg(arg: Value, verb: string): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, null, false);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeName(arg));
      return;
    }
    if (verb === 'p') {
      this.badVerb(verb, arg, true);
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: Value, verb: string, depth: number): void {
    switch (typeof v) {
      case 'undefined':
        if (depth === 0) this.buf += '<invalid reflect.Value>';
        else if (verb === 'v') this.buf += '<nil>';
        else this.badVerb(verb, undefined, false);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
      case 'bigint':
        this.fmtInt(v, true, verb, v);
        return;
      case 'number':
        this.fmtFloat(v, 64, verb, v);
        return;
      case 'string':
        this.fmtString(v, verb, v);
        return;
    }
    if (v === null) {
      // A nil interface inside a container.
      this.buf += '<nil>';
      return;
    }
    if (Array.isArray(v)) {
      if (this.sharpV) {
        this.buf += `${typeName(v)}{`;
        v.forEach((e, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      this.buf += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.buf += ' ';
        this.printValue(v[i], verb, depth + 1);
      }
      this.buf += ']';
      return;
    }
    if (v instanceof Map) {
      this.buf += this.sharpV ? `${typeName(v)}{` : 'map[';
      let first = true;
      for (const k of sortedKeys(v)) {
        if (!first) this.buf += this.sharpV ? ', ' : ' ';
        first = false;
        this.printValue(k, verb, depth + 1);
        this.buf += ':';
        this.printValue(v.get(k), verb, depth + 1);
      }
      this.buf += this.sharpV ? '}' : ']';
      return;
    }
    if (v instanceof GoObject && !this.erroring && !this.sharpV && 'vsxXq'.includes(verb)) {
      const s = v.stringer();
      if (s !== undefined) {
        this.fmtString(s, verb, v);
        return;
      }
    }
    if (v instanceof TypedInt) {
      this.fmtInt(v.value, !v.unsigned, verb, v);
      return;
    }
    if (v instanceof Float32) {
      this.fmtFloat(v.value, 32, verb, v);
      return;
    }
    if (v instanceof GoComplex) {
      this.fmtComplex(v, verb);
      return;
    }
    if (v instanceof GoObject) {
      if (!this.erroring && !this.sharpV && 'vsxXq'.includes(verb)) {
        const s = v.stringer();
        if (s !== undefined) {
          this.fmtString(s, verb, v);
          return;
        }
      }
      if (v instanceof GoStruct) {
        if (v.kind === 'ptr') {
          if (depth > 0) {
            this.buf += '0xc000010000';
            return;
          }
          this.buf += '&';
        }
        this.buf += '{';
        v.fieldOrder.forEach((name, i) => {
          if (i > 0) this.buf += ' ';
          if (this.plusV || this.sharpV) this.buf += `${name}:`;
          this.printValue(v.fields[name], verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      this.buf += v.formatPlain();
    }
  }
}

function sharpFloat(num: string, verb: string, prec: number): string {
  // %#g etc.: keep a decimal point, and for %g keep trailing zeros up to the precision.
  let digits = 0;
  if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
    digits = prec;
    if (digits === -1) digits = 6;
  }
  let tail = '';
  const ePos = num.search(/[eEpP]/);
  let body = num;
  if (ePos >= 0) {
    tail = num.slice(ePos);
    body = num.slice(0, ePos);
  }
  let sawNonzero = false;
  let hasDot = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i];
    if (c === '.') hasDot = true;
    else if (c >= '0' && c <= '9') {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasDot) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  while (digits > 0) {
    body += '0';
    digits--;
  }
  return body + tail;
}

function validRune(v: bigint): boolean {
  return v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn);
}

function isPrintRune(cp: number): boolean {
  return cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function isStringArg(v: Value): boolean {
  return typeof v === 'string';
}

/** fmt.Sprint */
export function sprint(args: readonly Value[]): string {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return a;
  }
  const p = new Printer();
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const isString = isStringArg(args[i]);
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(args[i], 'v');
    prevString = isString;
  }
  return p.buf;
}

/** fmt.Sprintln */
export function sprintln(args: readonly Value[]): string {
  const p = new Printer();
  for (let i = 0; i < args.length; i++) {
    if (i > 0) p.buf += ' ';
    p.printArg(args[i], 'v');
  }
  return `${p.buf}\n`;
}

/** How `{{.}}` prints a value (fmt.Fprint of one operand). */
export function formatValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      // %v of a float64: strconv 'g', shortest; small integral values print as plain digits.
      if (Number.isInteger(v) && v < 1e6 && v > -1e6 && !Object.is(v, -0)) return String(v);
  }
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

function parseNum(s: string, i: number): { num: number; present: boolean; next: number } {
  if (i >= s.length || s[i] < '0' || s[i] > '9') return { num: 0, present: false, next: i };
  let num = 0;
  let j = i;
  while (j < s.length && s[j] >= '0' && s[j] <= '9') {
    if (num > 1e6) return { num: 0, present: false, next: s.length }; // overflow: tooLarge
    num = num * 10 + (s.charCodeAt(j) - 48);
    j++;
  }
  return { num, present: true, next: j };
}

function intFromArg(args: readonly Value[], argNum: number): { num: number; ok: boolean; argNum: number } {
  if (argNum >= args.length) return { num: 0, ok: false, argNum };
  const a = args[argNum];
  let num = 0;
  let ok = false;
  if (typeof a === 'bigint') {
    ok = true;
    num = Number(a);
  } else if (a instanceof TypedInt) {
    ok = true;
    num = Number(a.value);
  }
  if (ok && (num > 1e6 || num < -1e6)) {
    num = 0;
    ok = false;
  }
  return { num, ok, argNum: argNum + 1 };
}

/** fmt.Sprintf */
export function sprintf(format: string, args: readonly Value[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  const argNumber = (i: number): { argNum: number; i: number; found: boolean } => {
    if (i >= end || format[i] !== '[') return { argNum, i, found: false };
    reordered = true;
    for (let j = i + 1; j < end; j++) {
      if (format[j] === ']') {
        const { num, present, next } = parseNum(format, i + 1);
        if (!present || next !== j) {
          goodArgNum = false;
          return { argNum, i: j + 1, found: false };
        }
        const index = num - 1;
        if (index >= 0 && index < args.length) return { argNum: index, i: j + 1, found: true };
        goodArgNum = false;
        return { argNum, i: j + 1, found: true };
      }
    }
    goodArgNum = false;
    return { argNum, i: i + 1, found: false };
  };

  let i = 0;
  formatLoop: while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.clearFlags();
    simple: for (; i < end; i++) {
      const c = format[i];
      switch (c) {
        case '#':
          p.sharp = true;
          break;
        case '0':
          p.zero = !p.minus;
          break;
        case '+':
          p.plus = true;
          break;
        case '-':
          p.minus = true;
          p.zero = false;
          break;
        case ' ':
          p.space = true;
          break;
        default:
          if (c >= 'a' && c <= 'z' && argNum < args.length) {
            if (c === 'v') {
              p.sharpV = p.sharp;
              p.sharp = false;
              p.plusV = p.plus;
              p.plus = false;
            }
            p.printArg(args[argNum], c);
            argNum++;
            i++;
            continue formatLoop;
          }
          break simple;
      }
    }
    let r = argNumber(i);
    argNum = r.argNum;
    i = r.i;
    afterIndex = r.found;

    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg(args, argNum);
      p.wid = w.num;
      p.widPresent = w.ok;
      argNum = w.argNum;
      if (!p.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      const n = parseNum(format, i);
      p.wid = n.num;
      p.widPresent = n.present;
      i = n.next;
      if (afterIndex && p.widPresent) goodArgNum = false;
    }

    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      r = argNumber(i);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(args, argNum);
        p.prec = w.num;
        p.precPresent = w.ok;
        argNum = w.argNum;
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!w.ok) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const n = parseNum(format, i);
        p.prec = n.num;
        p.precPresent = n.present;
        i = n.next;
        if (!p.precPresent) {
          p.prec = 0;
          p.precPresent = true;
        }
      }
    }

    if (!afterIndex) {
      r = argNumber(i);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
    }

    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;

    if (verb === '%') p.buf += '%';
    else if (!goodArgNum) p.buf += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) p.buf += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      p.printArg(args[argNum], verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.clearFlags();
    p.buf += '%!(EXTRA ';
    for (let k = argNum; k < args.length; k++) {
      if (k > argNum) p.buf += ', ';
      const a = args[k];
      if (a === null || a === undefined) p.buf += '<nil>';
      else {
        p.buf += `${typeName(a)}=`;
        p.printArg(a, 'v');
      }
    }
    p.buf += ')';
  }
  return p.buf;
}
