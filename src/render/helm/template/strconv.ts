/**
 * Go's strconv, as far as templates need it: number literals (ParseInt/ParseUint/ParseFloat with
 * base 0 and `_` separators), FormatFloat ('e', 'f', 'g', shortest or with a precision, rounding
 * half to even on exact ties as Go does), Quote/QuoteRune and Unquote.
 */

// ---------------------------------------------------------------- parsing numbers

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
export function underscoreOK(text: string): boolean {
  let s = text;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64) without the sign; undefined on error. */
function parseUnsignedBase0(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let base = 10;
  let body = s;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      body = s.slice(2);
    } else if (s.length > 1) {
      base = 8;
      body = s.slice(1);
    }
  }
  if (s.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    body = body.replaceAll('_', '');
  }
  if (body.length === 0) return undefined;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 10 ? /^[0-9]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/;
  if (!valid.test(body)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  const v = BigInt(prefix + body);
  if (v > 0xffffffffffffffffn) return undefined;
  return v;
}

export function parseUint(s: string): bigint | undefined {
  if (s.startsWith('+') || s.startsWith('-')) return undefined;
  return parseUnsignedBase0(s);
}

export function parseInt64(s: string): bigint | undefined {
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUnsignedBase0(body);
  if (u === undefined) return undefined;
  if (!neg && u > 2n ** 63n - 1n) return undefined;
  if (neg && u > 2n ** 63n) return undefined;
  return neg ? -u : u;
}

/** strconv.ParseFloat(s, 64); undefined on a syntax error (out of range gives ±Inf, as Go returns with an error). */
export function parseFloat64(s: string): number | undefined {
  const r = parseFloatResult(s);
  return r?.ok ? r.value : undefined;
}

export function parseFloatResult(s: string): { value: number; ok: boolean } | undefined {
  let body = s;
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return { value: neg ? -Infinity : Infinity, ok: true };
  if (lower === 'nan') return { value: Number.NaN, ok: true };
  if (body.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    body = body.replaceAll('_', '');
  }
  let value: number;
  if (/^0[xX]/.test(body)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(body);
    if (!m || (m[1] + (m[2] ?? '')).length === 0) return undefined;
    const frac = m[2] ?? '';
    const mant = BigInt(`0x${m[1] + frac || '0'}`);
    const exp = Number(m[3]) - 4 * frac.length;
    value = Number(mant) * 2 ** exp;
    if (!Number.isFinite(value) && mant !== 0n) {
      // Scale in two steps to avoid overflowing the intermediate.
      value = Number(mant) * 2 ** Math.floor(exp / 2) * 2 ** Math.ceil(exp / 2);
    }
  } else {
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(body)) return undefined;
    value = Number(body);
  }
  if (neg) value = -value;
  return { value, ok: Number.isFinite(value) };
}

// ---------------------------------------------------------------- formatting floats

interface Digits {
  /** Significant decimal digits, no leading or trailing zeros ("" for zero). */
  d: string;
  /** Position of the decimal point: value = 0.d × 10^dp. */
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite positive double. */
function exactDigits(x: number): Digits {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  return trimDigits(digits, dp);
}

function trimDigits(digits: string, dp: number): Digits {
  let start = 0;
  while (start < digits.length && digits[start] === '0') start++;
  let end = digits.length;
  while (end > start && digits[end - 1] === '0') end--;
  if (start === end) return { d: '', dp: 0 };
  return { d: digits.slice(start, end), dp: dp - start };
}

/** Rounds to n significant digits, half to even (n may be 0 or negative: everything rounds away). */
function roundDigits(x: Digits, n: number): Digits {
  if (x.d.length <= n) return x;
  if (n < 0) return { d: '', dp: 0 };
  const next = x.d.charCodeAt(n) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (n + 1 < x.d.length)
    up = true; // more nonzero digits follow (digits are trimmed)
  else up = n > 0 && (x.d.charCodeAt(n - 1) - 48) % 2 === 1;
  if (!up) return trimDigits(x.d.slice(0, n), x.dp);
  // Increment the first n digits.
  const chars = x.d.slice(0, n).split('');
  let i = n - 1;
  while (i >= 0 && chars[i] === '9') {
    chars[i] = '0';
    i--;
  }
  if (i < 0) return trimDigits(`1${chars.join('')}`, x.dp + 1);
  chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
  return trimDigits(chars.join(''), x.dp);
}

/** The shortest digits that read back as the same float64 (or float32). */
function shortestDigits(x: number, bitSize: 32 | 64): Digits {
  if (x === 0) return { d: '', dp: 0 };
  let s: string;
  if (bitSize === 32) {
    s = x.toExponential();
    for (let p = 1; p <= 9; p++) {
      const t = x.toExponential(p - 1);
      if (Math.fround(Number(t)) === x) {
        s = t;
        break;
      }
    }
  } else s = x.toExponential();
  const ePos = s.indexOf('e');
  const mantissa = s.slice(0, ePos).replace('.', '');
  const exp = Number(s.slice(ePos + 1));
  return trimDigits(mantissa, exp + 1);
}

function fmtE(neg: boolean, d: Digits, prec: number, e: string): string {
  let out = neg ? '-' : '';
  out += d.d.length ? d.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(d.d.length, prec + 1);
    let i = 1;
    if (i < m) {
      out += d.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += '0';
  }
  out += e;
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  out += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  out += exp < 10 ? `0${exp}` : String(exp);
  return out;
}

function fmtF(neg: boolean, d: Digits, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m);
    for (let i = m; i < d.dp; i++) out += '0';
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return out;
}

/** strconv.FormatFloat(x, fmt, prec, bitSize) for fmt in e, E, f, F(=f), g, G. prec < 0 means shortest. */
export function formatFloat(x: number, fmt: string, prec: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const f = fmt === 'F' ? 'f' : fmt;
  let digs: Digits;
  const shortest = prec < 0;
  if (shortest) {
    digs = shortestDigits(abs, bitSize);
    switch (f) {
      case 'e':
      case 'E':
        prec = Math.max(digs.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(digs.d.length - digs.dp, 0);
        break;
      default:
        prec = digs.d.length;
    }
  } else {
    const exact = abs === 0 ? { d: '', dp: 0 } : exactDigits(bitSize === 32 ? Math.fround(abs) : abs);
    if (f === 'f') digs = roundDigits(exact, exact.dp + prec);
    else {
      let n = prec;
      if (f === 'e' || f === 'E') n++;
      else if (prec === 0) prec = n = 1;
      digs = roundDigits(exact, n);
    }
  }
  switch (f) {
    case 'e':
    case 'E':
      return fmtE(neg, digs, prec, f);
    case 'f':
      return fmtF(neg, digs, prec);
    default: {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (digs.d.length !== 0 && (exp < -4 || exp >= eprec)) {
        if (prec > digs.d.length) prec = digs.d.length;
        return fmtE(neg, digs, prec - 1, f === 'G' ? 'E' : 'e');
      }
      if (prec > digs.dp) prec = digs.d.length;
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}

// ---------------------------------------------------------------- quoting

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint. */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (asciiOnly ? cp < 0x80 && isPrint(cp) : isPrint(cp)) return ch;
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let simple = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) {
      simple = false;
      break;
    }
  }
  if (simple) return `"${s}"`;
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune. */
export function quoteRune(cp: number, asciiOnly = false): string {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp < 0) cp = 0xfffd;
  return `'${escapeRune(cp, "'", asciiOnly)}'`;
}

/** Can s be written as a Go raw string (for %#q)? */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x60 || cp === 0xfeff) return false;
    if (cp < 0x20 && cp !== 9) return false;
    if (cp === 0x7f) return false;
  }
  return true;
}

export class UnquoteError extends Error {}

/**
 * strconv.UnquoteChar on s at i (after the opening quote). Returns the code point (or, for \x and
 * octal escapes, a byte, flagged) and the next index.
 */
function unquoteChar(s: string, i: number, quoteCh: string): { value: number; isByte: boolean; next: number } {
  const c = s[i];
  if (c === quoteCh && (quoteCh === "'" || quoteCh === '"')) throw new UnquoteError('invalid syntax');
  if (c !== '\\') {
    const cp = s.codePointAt(i)!;
    return { value: cp, isByte: false, next: i + (cp > 0xffff ? 2 : 1) };
  }
  if (i + 1 >= s.length) throw new UnquoteError('invalid syntax');
  const e = s[i + 1];
  let j = i + 2;
  switch (e) {
    case 'a':
      return { value: 7, isByte: false, next: j };
    case 'b':
      return { value: 8, isByte: false, next: j };
    case 'f':
      return { value: 12, isByte: false, next: j };
    case 'n':
      return { value: 10, isByte: false, next: j };
    case 'r':
      return { value: 13, isByte: false, next: j };
    case 't':
      return { value: 9, isByte: false, next: j };
    case 'v':
      return { value: 11, isByte: false, next: j };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const h = s.slice(j, j + n);
      if (h.length < n || !/^[0-9a-fA-F]+$/.test(h)) throw new UnquoteError('invalid syntax');
      const v = Number.parseInt(h, 16);
      j += n;
      if (e === 'x') return { value: v, isByte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new UnquoteError('invalid syntax');
      return { value: v, isByte: false, next: j };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      const o = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o)) throw new UnquoteError('invalid syntax');
      const v = Number.parseInt(o, 8);
      if (v > 255) throw new UnquoteError('invalid syntax');
      return { value: v, isByte: true, next: i + 4 };
    }
    case '\\':
      return { value: 0x5c, isByte: false, next: j };
    case "'":
    case '"':
      if (e !== quoteCh) throw new UnquoteError('invalid syntax');
      return { value: e.charCodeAt(0), isByte: false, next: j };
    default:
      throw new UnquoteError('invalid syntax');
  }
}

const decoder = new TextDecoder('utf-8');

/** strconv.Unquote for "...", `...` and '...'. Throws UnquoteError. */
export function unquote(s: string): string {
  if (s.length < 2) throw new UnquoteError('invalid syntax');
  const q = s[0];
  if (q !== s[s.length - 1]) throw new UnquoteError('invalid syntax');
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new UnquoteError('invalid syntax');
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== '"' && q !== "'") throw new UnquoteError('invalid syntax');
  if (q === '"' && !body.includes('\\') && !body.includes('"') && !body.includes('\n')) return body;
  if (body.includes('\n')) throw new UnquoteError('invalid syntax');
  if (q === "'") {
    const r = unquoteChar(body, 0, "'");
    if (r.next !== body.length) throw new UnquoteError('invalid syntax');
    return r.isByte && r.value >= 0x80 ? String.fromCodePoint(r.value) : String.fromCodePoint(r.value);
  }
  const bytes: number[] = [];
  let hasBytes = false;
  let out = '';
  for (let i = 0; i < body.length; ) {
    const r = unquoteChar(body, i, '"');
    if (r.isByte) {
      bytes.push(r.value);
      hasBytes = true;
    } else {
      if (hasBytes) {
        out += decoder.decode(new Uint8Array(bytes));
        bytes.length = 0;
        hasBytes = false;
      }
      out += String.fromCodePoint(r.value);
    }
    i = r.next;
  }
  if (hasBytes) out += decoder.decode(new Uint8Array(bytes));
  return out;
}

/** The code point of a Go character literal such as 'a' or '\n'. */
export function unquoteCharLiteral(text: string): number {
  const body = text.slice(1, -1);
  if (text[0] !== "'" || text[text.length - 1] !== "'" || body.length === 0) throw new UnquoteError('invalid syntax');
  const r = unquoteChar(body, 0, "'");
  if (r.next !== body.length) throw new UnquoteError(`malformed character constant: ${text}`);
  return r.value;
}
