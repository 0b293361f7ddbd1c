/**
 * The lexer of Go's text/template (text/template/parse/lex.go), as a scanner that produces all the
 * items of a template at once. Positions are UTF-16 offsets into the template text; lines count
 * from 1. Trim markers (`{{- ` and ` -}}`) are applied here, as Go does.
 */

export enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Keyword, // keywords follow
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: T;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: Record<string, T> = {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
};

export function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  if (i.val.length > 10) return `${goQuote(i.val.slice(0, 10))}...`;
  return goQuote(i.val);
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const ALNUM = /^[\p{L}\p{Nd}_]$/u;

function isAlphaNumeric(c: string): boolean {
  if (c.length === 0) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return ALNUM.test(c);
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && s[i] === '-' && isSpace(s[i + 1]);
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && isSpace(s[i]) && s[i + 1] === '-';
}

const TRIM_MARKER_LEN = 2;

function rightTrimLength(s: string, start: number, end: number): number {
  let i = end;
  while (i > start && isSpace(s[i - 1])) i--;
  return end - i;
}

function leftTrimLength(s: string, start: number): number {
  let i = start;
  while (i < s.length && isSpace(s[i])) i++;
  return i - start;
}

function countNewlines(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', start); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export interface LexOptions {
  /** `break` is a keyword (not overridden by a function of that name). */
  breakOK: boolean;
  continueOK: boolean;
}

export function lex(input: string, leftDelim: string, rightDelim: string, options: LexOptions): Item[] {
  return new Lexer(input, leftDelim, rightDelim, options).run();
}

const EOF = '';

enum S {
  Stop,
  Text,
  LeftDelim,
  Comment,
  RightDelim,
  InsideAction,
  Space,
  Identifier,
  Field,
  Variable,
  Char,
  Number,
  Quote,
  RawQuote,
}

class Lexer {
  readonly items: Item[] = [];
  pos = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  lastWidth = 0;

  constructor(
    readonly input: string,
    readonly leftDelim: string,
    readonly rightDelim: string,
    readonly options: LexOptions,
  ) {}

  run(): Item[] {
    let state = S.Text;
    while (state !== S.Stop) state = this.step(state);
    return this.items;
  }

  step(state: S): S {
    switch (state) {
      case S.Text:
        return this.lexText();
      case S.LeftDelim:
        return this.lexLeftDelim();
      case S.Comment:
        return this.lexComment();
      case S.RightDelim:
        return this.lexRightDelim();
      case S.InsideAction:
        return this.lexInsideAction();
      case S.Space:
        return this.lexSpace();
      case S.Identifier:
        return this.lexIdentifier();
      case S.Field:
        return this.lexFieldOrVariable(T.Field);
      case S.Variable:
        if (this.atTerminator()) {
          this.emit(T.Variable);
          return S.InsideAction;
        }
        return this.lexFieldOrVariable(T.Variable);
      case S.Char:
        return this.lexChar();
      case S.Number:
        return this.lexNumber();
      case S.Quote:
        return this.lexQuote();
      case S.RawQuote:
        return this.lexRawQuote();
      default:
        return S.Stop;
    }
  }

  next(): string {
    const input = this.input;
    if (this.pos >= input.length) {
      this.lastWidth = 0;
      return EOF;
    }
    const c = input.charCodeAt(this.pos);
    let ch: string;
    if (c >= 0xd800 && c <= 0xdbff && this.pos + 1 < input.length) ch = String.fromCodePoint(input.codePointAt(this.pos)!);
    else ch = input[this.pos];
    this.pos += ch.length;
    this.lastWidth = ch.length;
    if (c === 10) this.line++;
    return ch;
  }
  backup(): void {
    if (this.lastWidth > 0) {
      this.pos -= this.lastWidth;
      if (this.input.charCodeAt(this.pos) === 10) this.line--;
    }
    this.lastWidth = 0;
  }
  peek(): string {
    if (this.pos >= this.input.length) return EOF;
    const c = this.input.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff) return String.fromCodePoint(this.input.codePointAt(this.pos)!);
    return this.input[this.pos];
  }
  emit(typ: T): void {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine });
    this.start = this.pos;
    this.startLine = this.line;
  }
  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }
  errorf(msg: string): S {
    this.items.push({ typ: T.Error, pos: this.start, val: msg, line: this.startLine });
    return S.Stop;
  }
  accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(c)) return true;
    this.backup();
    return false;
  }
  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === EOF || !valid.includes(c)) break;
    }
    this.backup();
  }
  atRightDelim(): { delim: boolean; trim: boolean } {
    const { input, pos, rightDelim } = this;
    if (hasRightTrimMarker(input, pos) && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN)) return { delim: true, trim: true };
    if (input.startsWith(rightDelim, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }
  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  lexText(): S {
    const { input, leftDelim } = this;
    const x = input.indexOf(leftDelim, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trimLength = 0;
        const delimEnd = this.pos + leftDelim.length;
        if (hasLeftTrimMarker(input, delimEnd)) trimLength = rightTrimLength(input, this.start, this.pos);
        this.pos -= trimLength;
        this.line += countNewlines(input, this.start, this.pos);
        const text = input.slice(this.start, this.pos);
        const item: Item = { typ: T.Text, pos: this.start, val: text, line: this.startLine };
        this.start = this.pos;
        this.startLine = this.line;
        this.pos += trimLength;
        this.ignore();
        if (text.length > 0) this.items.push(item);
      }
      return S.LeftDelim;
    }
    this.pos = input.length;
    if (this.pos > this.start) {
      this.line += countNewlines(input, this.start, this.pos);
      this.emit(T.Text);
    }
    this.emit(T.EOF);
    return S.Stop;
  }

  lexLeftDelim(): S {
    const input = this.input;
    this.pos += this.leftDelim.length;
    const trimSpace = hasLeftTrimMarker(input, this.pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return S.Comment;
    }
    const item: Item = { typ: T.LeftDelim, pos: this.start, val: input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    this.items.push(item);
    return S.InsideAction;
  }

  lexComment(): S {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    if (trim) this.pos += TRIM_MARKER_LEN;
    this.pos += this.rightDelim.length;
    if (trim) this.pos += leftTrimLength(this.input, this.pos);
    this.ignore();
    return S.Text;
  }

  lexRightDelim(): S {
    const { trim } = this.atRightDelim();
    if (trim) {
      this.pos += TRIM_MARKER_LEN;
      this.ignore();
    }
    this.pos += this.rightDelim.length;
    this.emit(T.RightDelim);
    if (trim) {
      this.pos += leftTrimLength(this.input, this.pos);
      this.ignore();
    }
    return S.Text;
  }

  lexInsideAction(): S {
    const { delim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return S.RightDelim;
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === EOF) return this.errorf('unclosed action');
    if (isSpace(r)) {
      this.backup();
      return S.Space;
    }
    switch (r) {
      case '=':
        this.emit(T.Assign);
        return S.InsideAction;
      case ':':
        if (this.next() !== '=') return this.errorf('expected :=');
        this.emit(T.Declare);
        return S.InsideAction;
      case '|':
        this.emit(T.Pipe);
        return S.InsideAction;
      case '"':
        return S.Quote;
      case '`':
        return S.RawQuote;
      case '$':
        return S.Variable;
      case "'":
        return S.Char;
      case '(':
        this.parenDepth++;
        this.emit(T.LeftParen);
        return S.InsideAction;
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        this.emit(T.RightParen);
        return S.InsideAction;
    }
    if (r === '.') {
      if (this.pos < this.input.length) {
        const c = this.input[this.pos];
        if (c < '0' || c > '9') return S.Field;
      }
      this.backup();
      return S.Number;
    }
    if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.backup();
      return S.Number;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return S.Identifier;
    }
    const cp = r.codePointAt(0)!;
    if (cp < 0x80 && cp >= 0x20 && cp < 0x7f) {
      this.emit(T.Char);
      return S.InsideAction;
    }
    return this.errorf(`unrecognized character in action: ${unicodeName(cp)}`);
  }

  lexSpace(): S {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    const { input, pos, rightDelim } = this;
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(rightDelim, pos - 1 + TRIM_MARKER_LEN)) {
      this.pos -= 1;
      if (input.charCodeAt(this.pos) === 10) this.line--;
      if (numSpaces === 1) return S.RightDelim;
    }
    this.emit(T.Space);
    return S.InsideAction;
  }

  lexIdentifier(): S {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${unicodeName(r.codePointAt(0) ?? 0)}`);
      const kw = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
      if (kw !== undefined && kw > T.Keyword) {
        if ((kw === T.Break && !this.options.breakOK) || (kw === T.Continue && !this.options.continueOK)) this.emit(T.Identifier);
        else this.emit(kw);
      } else if (word[0] === '.') this.emit(T.Field);
      else if (word === 'true' || word === 'false') this.emit(T.Bool);
      else this.emit(T.Identifier);
      return S.InsideAction;
    }
  }

  lexFieldOrVariable(typ: T): S {
    if (this.atTerminator()) {
      this.emit(typ === T.Variable ? T.Variable : T.Dot);
      return S.InsideAction;
    }
    let r: string;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${unicodeName(r.codePointAt(0) ?? 0)}`);
    this.emit(typ);
    return S.InsideAction;
  }

  lexChar(): S {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
        return this.errorf('unterminated character constant');
      }
      if (c === EOF || c === '\n') return this.errorf('unterminated character constant');
      if (c === "'") break;
    }
    this.emit(T.CharConstant);
    return S.InsideAction;
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  lexNumber(): S {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i')
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      this.emit(T.Complex);
      return S.InsideAction;
    }
    this.emit(T.Number);
    return S.InsideAction;
  }

  lexQuote(): S {
    for (;;) {
      let c = this.next();
      if (c === '\\') {
        c = this.next();
        if (c !== EOF && c !== '\n') continue;
        return this.errorf('unterminated quoted string');
      }
      if (c === EOF || c === '\n') return this.errorf('unterminated quoted string');
      if (c === '"') break;
    }
    this.emit(T.String);
    return S.InsideAction;
  }

  lexRawQuote(): S {
    const x = this.input.indexOf('`', this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      return this.errorf('unterminated raw quoted string');
    }
    this.line += countNewlines(this.input, this.pos, x + 1);
    this.pos = x + 1;
    this.emit(T.RawString);
    return S.InsideAction;
  }
}

function unicodeName(cp: number): string {
  const hexs = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  return cp >= 0x20 && cp !== 0x7f ? `U+${hexs} '${ch}'` : `U+${hexs}`;
}
