/**
 * A JSON reader into the template value model. Node 20's JSON.parse cannot tell `2` from `2.0`, so
 * this one reads numbers itself: with `ints: true` (the corpus's data rule) a number written
 * without `.`, `e` or `E` that fits int64 is a Go int (bigint), any other is a float64; with
 * `ints: false` (encoding/json into interface{}, as fromJson does) every number is a float64.
 * Objects become Map<string, Value>. Errors use encoding/json's wording.
 */
import type { Value } from './value.js';

export class JsonSyntaxError extends Error {}

export interface JsonReadOptions {
  ints: boolean;
  /** Nesting limit (encoding/json: 10000). */
  maxDepth?: number;
}

export function readJson(text: string, options: JsonReadOptions): Value {
  const r = new Reader(text, options);
  r.ws();
  if (r.i >= text.length) throw new JsonSyntaxError('unexpected end of JSON input');
  const v = r.value(0);
  r.ws();
  if (r.i < text.length) throw new JsonSyntaxError(`invalid character ${r.quoteChar()} after top-level value`);
  return v;
}

class Reader {
  i = 0;
  private readonly maxDepth: number;
  constructor(
    readonly s: string,
    readonly options: JsonReadOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 10000;
  }

  quoteChar(): string {
    const c = this.s[this.i];
    if (c === "'") return `'\\''`;
    if (c === '"') return `'"'`;
    return `'${c}'`;
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  fail(context: string): never {
    if (this.i >= this.s.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${this.quoteChar()} ${context}`);
  }

  value(depth: number): Value {
    if (depth > this.maxDepth) throw new JsonSyntaxError('exceeded max depth');
    const s = this.s;
    const c = s[this.i];
    switch (c) {
      case '{': {
        this.i++;
        const m = new Map<string, Value>();
        this.ws();
        if (s[this.i] === '}') {
          this.i++;
          return m;
        }
        for (;;) {
          this.ws();
          if (s[this.i] !== '"') this.fail('looking for beginning of object key string');
          const k = this.string();
          this.ws();
          if (s[this.i] !== ':') this.fail('after object key');
          this.i++;
          this.ws();
          m.set(k, this.value(depth + 1));
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            continue;
          }
          if (s[this.i] === '}') {
            this.i++;
            return m;
          }
          this.fail('after object key:value pair');
        }
      }
      case '[': {
        this.i++;
        const a: Value[] = [];
        this.ws();
        if (s[this.i] === ']') {
          this.i++;
          return a;
        }
        for (;;) {
          this.ws();
          a.push(this.value(depth + 1));
          this.ws();
          if (s[this.i] === ',') {
            this.i++;
            continue;
          }
          if (s[this.i] === ']') {
            this.i++;
            return a;
          }
          this.fail('after array element');
        }
      }
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        this.fail('looking for beginning of value');
    }
  }

  literal(word: string, v: Value): Value {
    for (let k = 0; k < word.length; k++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
      this.i++;
    }
    return v;
  }

  number(): Value {
    const m = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r || r[0] === '-') {
      this.i++;
      this.fail('in numeric literal');
    }
    this.i += r[0].length;
    if (this.options.ints && r[1] === undefined && r[2] === undefined) {
      const b = BigInt(r[0]);
      if (b >= -(2n ** 63n) && b < 2n ** 63n) return b;
    }
    return Number(r[0]);
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    const end = s.indexOf('"', start);
    if (end >= 0) {
      const chunk = s.slice(start, end);
      if (!chunk.includes('\\') && !/[\u0000-\u001f]/.test(chunk)) {
        this.i = end + 1;
        return chunk;
      }
    }
    let out = '';
    for (;;) {
      if (this.i >= s.length) throw new JsonSyntaxError('unexpected end of JSON input');
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = s[this.i + 1];
        this.i += 2;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const h = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('in \\u hexadecimal character escape');
            out += String.fromCharCode(Number.parseInt(h, 16));
            this.i += 4;
            break;
          }
          default:
            this.i--;
            this.fail('in string escape code');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('in string literal');
      out += c;
      this.i++;
    }
  }
}
