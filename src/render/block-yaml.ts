import type { FastDocument } from './yaml-mapping.js';
import { decline, keyString, setKey } from './yaml-mapping.js';

/**
 * A line scanner for the block YAML that manifests are written in: block mappings and sequences
 * (compact `- key: value` items too), one-line plain, quoted and flow (`{ a: b }`, `[a, b]`)
 * values, comments, `---` separators, and literal (`|`, `|-`) and folded (`>`, `>-`) block scalars.
 * Several times faster than an event parser on small files, above all before the JIT has warmed up.
 *
 * It answers only when it is sure; anything else declines (undefined) and goes to the next parser:
 * tabs, carriage returns and other unusual characters, directives, `...`, anchors, aliases, tags,
 * complex and merge keys, duplicate keys, a plain or quoted scalar that goes on to another line, a
 * flow collection over several lines, block scalars with `+` or an indentation digit, a folded
 * scalar with more-indented lines, a document whose root is not a mapping, and every YAML error.
 */
export function loadBlockDocuments(text: string, resolvePlain: (source: string) => unknown): FastDocument[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Scanner(text.split('\n'), resolvePlain).documents();
  } catch {
    return undefined; // declined, or anything unexpected: the next parser decides
  }
}

/** Characters the scanner leaves to a full parser: tabs, CR, other controls, BOM, NEL and the Unicode line separators. */
// eslint-disable-next-line no-control-regex
const UNUSUAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** Deepest nesting the scanner follows; manifests stay far below it. */
const MAX_DEPTH = 64;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;

/** Characters no plain scalar may start with here: YAML's indicators (`-` is checked apart, being allowed before a non-space). */
const NOT_PLAIN = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`?:') NOT_PLAIN[c.charCodeAt(0)] = 1;
const notPlainStart = (code: number): boolean => code < 128 && NOT_PLAIN[code] === 1;

/** Whether a plain scalar may start at `at`: not with an indicator, nor with a dash before a space, the end, a comment or a flow indicator. */
function canStartPlain(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (Number.isNaN(c) || notPlainStart(c)) return false; // NaN: the end of the line
  if (c !== DASH) return true;
  const next = line.charCodeAt(at + 1);
  return !Number.isNaN(next) && next !== SPACE && !notPlainStart(next);
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === SPACE) n++;
  return n;
}

function skipSpaces(line: string, at: number): number {
  while (line.charCodeAt(at) === SPACE) at++;
  return at;
}

/** `---` (optionally followed by a space and a comment) or `...` at the start of a line. */
function isMarker(line: string): boolean {
  return (line.startsWith('---') || line.startsWith('...')) && (line.length === 3 || line.charCodeAt(3) === SPACE);
}

/** A sequence entry at column `at`: a dash followed by a space or the end of the line. */
function isEntry(line: string, at: number): boolean {
  return line.charCodeAt(at) === DASH && (at + 1 === line.length || line.charCodeAt(at + 1) === SPACE);
}

/** Nothing but spaces and, after at least one space, a comment from `at` on. */
function restIsEmpty(line: string, at: number): boolean {
  const end = skipSpaces(line, at);
  return end === line.length || (line.charCodeAt(end) === HASH && end > at);
}

/** Where a key's `:` is on a plain line (a colon followed by a space or the end), or -1; never after a comment. */
function keyColon(line: string, from: number): number {
  const comment = line.indexOf(' #', from);
  for (let at = line.indexOf(':', from); at !== -1; at = line.indexOf(':', at + 1)) {
    if (comment !== -1 && comment < at) return -1;
    if (at + 1 === line.length || line.charCodeAt(at + 1) === SPACE) return at;
  }
  return -1;
}

/** Without trailing spaces (only spaces: String#trimEnd would also take the Unicode spaces YAML keeps). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f' };

class Scanner {
  private at = 0; // the current line
  private depth = 0;
  private scanned = -1; // the line skipBlank last stopped at
  private indent = 0; // and its indentation

  constructor(
    private readonly lines: string[],
    private readonly resolvePlain: (source: string) => unknown,
  ) {}

  documents(): FastDocument[] {
    const out: FastDocument[] = [];
    const { lines } = this;
    for (;;) {
      this.skipBlank();
      if (this.at >= lines.length) return out;
      const line = lines[this.at];
      if (isMarker(line)) {
        if (line.startsWith('...') || !restIsEmpty(line, 3)) decline(); // document end, or content after ---
        this.at++;
        continue;
      }
      if (line.charCodeAt(0) === 37 /* % */) decline(); // a directive
      const { indent } = this;
      if (isEntry(line, indent)) decline(); // a list as the root
      const start = this.at + 1;
      const value = this.mapping(indent, indent);
      this.skipBlank();
      if (this.at < lines.length && !isMarker(lines[this.at])) decline(); // a line the root mapping could not take
      out.push({ value, line: start });
    }
  }

  /** Skips empty lines and comment lines. */
  private skipBlank(): void {
    if (this.scanned === this.at) return;
    const { lines } = this;
    while (this.at < lines.length) {
      const line = lines[this.at];
      const indent = indentOf(line);
      if (indent < line.length && line.charCodeAt(indent) !== HASH) {
        this.indent = indent;
        break;
      }
      this.at++;
    }
    this.scanned = this.at;
  }

  /** The next line with content (its indentation in `this.indent`), or undefined at a document marker or the end. */
  private peek(): string | undefined {
    this.skipBlank();
    const line = this.lines[this.at];
    return line === undefined || isMarker(line) ? undefined : line;
  }

  /**
   * A block mapping whose keys sit at column `indent`. Its first key starts at column `first` of the
   * current line, which is `indent`, or further right after a sequence's dash (`- key: value`).
   */
  private mapping(indent: number, first: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) decline();
    const map: Record<string, unknown> = {};
    this.entry(map, this.lines[this.at], first, indent);
    for (let line = this.peek(); line !== undefined; line = this.peek()) {
      const at = this.indent;
      if (at < indent) break;
      if (at > indent || isEntry(line, at)) decline();
      this.entry(map, line, at, indent);
    }
    this.depth--;
    return map;
  }

  /** One `key: value` of a mapping at column `indent`, its key at column `from` of `line`. */
  private entry(map: Record<string, unknown>, line: string, from: number, indent: number): void {
    let key: string;
    let colon: number;
    const c = line.charCodeAt(from);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = readQuoted(line, from);
      colon = skipSpaces(line, quoted.end);
      if (line.charCodeAt(colon) !== COLON || !(colon + 1 === line.length || line.charCodeAt(colon + 1) === SPACE)) decline();
      key = quoted.value;
    } else {
      if (notPlainStart(c) || c === DASH) decline(); // `- ` never reaches here; `-x:` is left to the full parser
      colon = keyColon(line, from);
      if (colon === -1) decline(); // not a key: a scalar over several lines, or an error
      key = keyString(this.resolvePlain(trimSpaces(line.slice(from, colon))));
    }
    setKey(map, key, this.value(line, colon + 1, indent, true));
  }

  /**
   * The value that follows a key's colon or a sequence's dash at column `from` of `line`, in a
   * collection at column `indent`; moves past every line the value takes.
   */
  private value(line: string, from: number, indent: number, inMapping: boolean): unknown {
    const at = skipSpaces(line, from);
    if (at === line.length || line.charCodeAt(at) === HASH) {
      // nothing on this line: the value is below
      this.at++;
      return this.below(indent, inMapping);
    }
    const c = line[at];
    if (c === '|' || c === '>') return this.blockScalar(line, at, indent);
    let value: unknown;
    let end: number;
    if (c === '"' || c === "'") {
      const quoted = readQuoted(line, at);
      end = skipSpaces(line, quoted.end);
      if (!inMapping && line.charCodeAt(end) === COLON) return this.mapping(at, at); // `- "key": value`
      value = quoted.value;
    } else if (c === '[' || c === '{') {
      const flow = new FlowReader(line, at, this.resolvePlain);
      value = flow.node();
      end = flow.at;
    } else {
      if (!canStartPlain(line, at)) decline();
      const colon = keyColon(line, at);
      if (colon !== -1) {
        if (inMapping) decline(); // `a: b: c`
        return this.mapping(at, at); // `- key: value`: a mapping whose keys sit at this column
      }
      const comment = line.indexOf(' #', at);
      const source = trimSpaces(comment === -1 ? line.slice(at) : line.slice(at, comment));
      value = this.resolvePlain(source);
      end = comment === -1 ? line.length : comment;
    }
    if (!restIsEmpty(line, end)) decline();
    this.at++;
    if (this.peek() !== undefined && this.indent > indent) decline(); // the scalar goes on, or an indentation error
    return value;
  }

  /** The value on the lines below a key or dash with nothing after it: a nested collection, or null. */
  private below(indent: number, inMapping: boolean): unknown {
    const line = this.peek();
    if (line === undefined) return null;
    const at = this.indent;
    if (at > indent) return isEntry(line, at) ? this.sequence(at) : this.mapping(at, at);
    if (at === indent && inMapping && isEntry(line, at)) return this.sequence(at); // key:\n- item
    return null;
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) decline();
    const list: unknown[] = [];
    for (let line = this.peek(); line !== undefined; line = this.peek()) {
      const at = this.indent;
      if (at < indent) break;
      if (at > indent) decline();
      if (!isEntry(line, at)) break; // the next key of the mapping this sequence is a value of
      list.push(this.value(line, at + 1, indent, false));
    }
    this.depth--;
    return list;
  }

  /** A literal or folded block scalar whose header is at column `at`; its lines are indented past `indent`. */
  private blockScalar(line: string, at: number, indent: number): string {
    const folded = line[at] === '>';
    let p = at + 1;
    const strip = line[p] === '-';
    if (strip) p++;
    if (!restIsEmpty(line, p)) decline(); // `+`, an indentation digit, or more
    const { lines } = this;
    const content: string[] = [];
    let blockIndent = -1;
    let widestLeadingEmpty = 0;
    let next = this.at + 1;
    for (; next < lines.length; next++) {
      const text = lines[next];
      const spaces = indentOf(text);
      if (spaces === text.length) {
        // an empty line, or spaces only
        if (blockIndent === -1) widestLeadingEmpty = Math.max(widestLeadingEmpty, spaces);
        else if (spaces > blockIndent) decline(); // spaces that would be content
        content.push('');
        continue;
      }
      if (blockIndent === -1) {
        if (spaces <= indent) break;
        blockIndent = spaces;
      } else if (spaces < blockIndent) break;
      const body = text.slice(blockIndent);
      if (folded && body.charCodeAt(0) === SPACE) decline(); // more-indented lines keep their breaks
      content.push(body);
    }
    if (blockIndent === -1 ? content.length > 0 : widestLeadingEmpty > blockIndent) decline(); // only empty lines, or leading spaces past the text
    this.at = next;
    while (content.length > 0 && content[content.length - 1] === '') content.pop();
    if (content.length === 0) return '';
    return (folded ? fold(content) : content.join('\n')) + (strip ? '' : '\n');
  }
}

/** Folded lines: a break between two lines of text becomes a space, and n empty lines n breaks. */
function fold(lines: string[]): string {
  let out = '';
  let empties = 0;
  let text = false;
  for (const line of lines) {
    if (line === '') {
      empties++;
      continue;
    }
    out += text && empties === 0 ? ' ' : '\n'.repeat(empties);
    out += line;
    text = true;
    empties = 0;
  }
  return out;
}

/** A single- or double-quoted scalar that opens at `at` and closes on the same line. */
function readQuoted(line: string, at: number): { value: string; end: number } {
  const quote = line.charCodeAt(at);
  let out = '';
  let run = at + 1;
  for (let p = at + 1; p < line.length; p++) {
    const c = line.charCodeAt(p);
    if (quote === SQUOTE) {
      if (c !== SQUOTE) continue;
      out += line.slice(run, p);
      if (line.charCodeAt(p + 1) === SQUOTE) {
        // '' is one quote
        out += "'";
        run = ++p + 1;
        continue;
      }
      return { value: out, end: p + 1 };
    }
    if (c === DQUOTE) return { value: out + line.slice(run, p), end: p + 1 };
    if (c !== 92 /* \ */) continue;
    out += line.slice(run, p);
    const e = line[p + 1];
    if (e === 'u' || e === 'x') {
      const digits = line.slice(p + 2, p + (e === 'u' ? 6 : 4));
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== (e === 'u' ? 4 : 2)) decline();
      const code = parseInt(digits, 16);
      if (code >= 0xd800 && code <= 0xdfff) decline(); // a surrogate: left to the full parser
      out += String.fromCharCode(code);
      p += e === 'u' ? 5 : 3;
    } else {
      const escaped = ESCAPES[e];
      if (escaped === undefined) decline();
      out += escaped;
      p += 1;
    }
    run = p + 1;
  }
  return decline(); // the scalar goes on to the next line
}

/** A flow collection (`[a, b]`, `{ k: v }`) that opens and closes on one line. */
class FlowReader {
  at: number;
  private depth = 0;

  constructor(
    private readonly line: string,
    at: number,
    private readonly resolvePlain: (source: string) => unknown,
  ) {
    this.at = at;
  }

  node(): unknown {
    const { line } = this;
    this.at = skipSpaces(line, this.at);
    const c = line[this.at];
    if (c === '[' || c === '{') {
      if (++this.depth > MAX_DEPTH) decline();
      const value = c === '[' ? this.sequence() : this.mapping();
      this.depth--;
      return value;
    }
    if (c === '"' || c === "'") {
      const quoted = readQuoted(line, this.at);
      this.at = quoted.end;
      return quoted.value;
    }
    return this.resolvePlain(this.plain(false));
  }

  /** A plain scalar; it ends at `,`, `]`, `}`, or, for a key, at `: `. */
  private plain(isKey: boolean): string {
    const { line } = this;
    const start = this.at;
    if (!canStartPlain(line, start)) decline();
    let p = start;
    for (; p < line.length; p++) {
      const ch = line[p];
      if (ch === ',' || ch === ']' || ch === '}') break;
      if (ch === '[' || ch === '{') decline();
      if (ch === '#' && line.charCodeAt(p - 1) === SPACE) decline(); // a comment inside the collection
      if (ch === ':') {
        const after = line[p + 1];
        if (after === ' ' || after === ',' || after === ']' || after === '}' || after === undefined) {
          if (!isKey) decline(); // `[a: b]`, a pair in a sequence
          break;
        }
      }
    }
    this.at = p;
    const source = trimSpaces(line.slice(start, p));
    if (source === '') decline();
    return source;
  }

  private sequence(): unknown[] {
    const list: unknown[] = [];
    if (this.opensEmpty(']')) return list;
    do list.push(this.node());
    while (!this.closes(']'));
    return list;
  }

  private mapping(): Record<string, unknown> {
    const { line } = this;
    const map: Record<string, unknown> = {};
    if (this.opensEmpty('}')) return map;
    do {
      let key: string;
      const c = line[this.at];
      if (c === '"' || c === "'") {
        const quoted = readQuoted(line, this.at);
        key = quoted.value;
        this.at = skipSpaces(line, quoted.end);
      } else {
        key = keyString(this.resolvePlain(this.plain(true)));
      }
      if (line[this.at] !== ':' || line[this.at + 1] !== ' ') decline(); // `{a}`, `{"a":1}`, `{a:}`
      this.at += 2;
      setKey(map, key, this.node());
    } while (!this.closes('}'));
    return map;
  }

  /** Moves past the opening bracket; true (and past the closing one) when the collection is empty. */
  private opensEmpty(close: string): boolean {
    this.at = skipSpaces(this.line, this.at + 1);
    if (this.line[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** After an item: true at the closing bracket (moved past it), false after a comma that another item follows. */
  private closes(close: string): boolean {
    const { line } = this;
    this.at = skipSpaces(line, this.at);
    const c = line[this.at++];
    if (c === close) return true;
    if (c !== ',') decline();
    this.at = skipSpaces(line, this.at);
    if (line[this.at] === close) decline(); // a trailing comma
    return false;
  }
}
