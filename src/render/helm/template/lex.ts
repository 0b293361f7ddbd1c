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
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const EOF = '';

  const next = (): string => {
    if (pos >= input.length) return EOF;
    const cp = input.codePointAt(pos)!;
    const ch = cp > 0xffff ? String.fromCodePoint(cp) : input[pos];
    pos += ch.length;
    if (ch === '\n') line++;
    return ch;
  };
  let lastWidth = 0;
  const nextW = (): string => {
    const before = pos;
    const c = next();
    lastWidth = pos - before;
    return c;
  };
  const backup = (): void => {
    if (lastWidth > 0) {
      pos -= lastWidth;
      if (input[pos] === '\n') line--;
    }
    lastWidth = 0;
  };
  const peek = (): string => {
    if (pos >= input.length) return EOF;
    const cp = input.codePointAt(pos)!;
    return cp > 0xffff ? String.fromCodePoint(cp) : input[pos];
  };
  const emit = (typ: T): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNewlines(input, start, pos);
    start = pos;
    startLine = line;
  };
  const errorf = (msg: string): false => {
    items.push({ typ: T.Error, pos: start, val: msg, line: startLine });
    return false;
  };
  const accept = (valid: string): boolean => {
    const c = nextW();
    if (c !== EOF && valid.includes(c)) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string): void => {
    for (;;) {
      const c = nextW();
      if (c === EOF || !valid.includes(c)) break;
    }
    backup();
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN)) return { delim: true, trim: true };
    if (input.startsWith(rightDelim, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peek();
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
    return input.startsWith(rightDelim, pos);
  };

  // State functions return the next state, or null to stop.
  type State = () => State | null;

  const lexText: State = () => {
    const x = input.indexOf(leftDelim, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        let trimLength = 0;
        const delimEnd = pos + leftDelim.length;
        if (hasLeftTrimMarker(input, delimEnd)) trimLength = rightTrimLength(input, start, pos);
        pos -= trimLength;
        line += countNewlines(input, start, pos);
        const text = input.slice(start, pos);
        const item: Item = { typ: T.Text, pos: start, val: text, line: startLine };
        start = pos;
        startLine = line;
        pos += trimLength;
        ignore();
        if (text.length > 0) items.push(item);
      }
      return lexLeftDelim;
    }
    pos = input.length;
    if (pos > start) {
      line += countNewlines(input, start, pos);
      emit(T.Text);
    }
    emit(T.EOF);
    return null;
  };

  const lexLeftDelim: State = () => {
    pos += leftDelim.length;
    const trimSpace = hasLeftTrimMarker(input, pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment;
    }
    const item: Item = { typ: T.LeftDelim, pos: start, val: input.slice(start, pos), line: startLine };
    start = pos;
    startLine = line;
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    items.push(item);
    return lexInsideAction;
  };

  const lexComment: State = () => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) return errorf('unclosed comment') || null;
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) return errorf('comment ends before closing delimiter') || null;
    if (trim) pos += TRIM_MARKER_LEN;
    pos += rightDelim.length;
    if (trim) pos += leftTrimLength(input, pos);
    ignore();
    return lexText;
  };

  const lexRightDelim: State = () => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += TRIM_MARKER_LEN;
      ignore();
    }
    pos += rightDelim.length;
    emit(T.RightDelim);
    if (trim) {
      pos += leftTrimLength(input, pos);
      ignore();
    }
    return lexText;
  };

  const lexInsideAction: State = () => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      return errorf('unclosed left paren') || null;
    }
    const r = nextW();
    if (r === EOF) return errorf('unclosed action') || null;
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    switch (r) {
      case '=':
        emit(T.Assign);
        return lexInsideAction;
      case ':':
        if (nextW() !== '=') return errorf('expected :=') || null;
        emit(T.Declare);
        return lexInsideAction;
      case '|':
        emit(T.Pipe);
        return lexInsideAction;
      case '"':
        return lexQuote;
      case '`':
        return lexRawQuote;
      case '$':
        return lexVariable;
      case "'":
        return lexChar;
      case '(':
        parenDepth++;
        emit(T.LeftParen);
        return lexInsideAction;
      case ')':
        parenDepth--;
        if (parenDepth < 0) return errorf('unexpected right paren') || null;
        emit(T.RightParen);
        return lexInsideAction;
    }
    if (r === '.') {
      if (pos < input.length) {
        const c = input[pos];
        if (c < '0' || c > '9') return lexField;
      }
      backup();
      return lexNumber;
    }
    if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    const cp = r.codePointAt(0)!;
    if (cp < 0x80 && cp >= 0x20 && cp < 0x7f) {
      emit(T.Char);
      return lexInsideAction;
    }
    return errorf(`unrecognized character in action: ${unicodeName(cp)}`) || null;
  };

  const lexSpace: State = () => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      nextW();
      numSpaces++;
    }
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(rightDelim, pos - 1 + TRIM_MARKER_LEN)) {
      // backup before the space
      pos -= 1;
      if (input[pos] === '\n') line--;
      if (numSpaces === 1) return lexRightDelim;
    }
    emit(T.Space);
    return lexInsideAction;
  };

  const lexIdentifier: State = () => {
    for (;;) {
      const r = nextW();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) return errorf(`bad character ${unicodeName(r.codePointAt(0) ?? 0)}`) || null;
      const kw = KEYWORDS[word];
      if (kw !== undefined && Object.hasOwn(KEYWORDS, word) && kw > T.Keyword) {
        if ((kw === T.Break && !options.breakOK) || (kw === T.Continue && !options.continueOK)) emit(T.Identifier);
        else emit(kw);
      } else if (word[0] === '.') emit(T.Field);
      else if (word === 'true' || word === 'false') emit(T.Bool);
      else emit(T.Identifier);
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (typ: T): State | null => {
    if (atTerminator()) {
      emit(typ === T.Variable ? T.Variable : T.Dot);
      return lexInsideAction;
    }
    let r: string;
    for (;;) {
      r = nextW();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) return errorf(`bad character ${unicodeName(r.codePointAt(0) ?? 0)}`) || null;
    emit(typ);
    return lexInsideAction;
  };
  const lexField: State = () => lexFieldOrVariable(T.Field);
  const lexVariable: State = () => {
    if (atTerminator()) {
      emit(T.Variable);
      return lexInsideAction;
    }
    return lexFieldOrVariable(T.Variable);
  };

  const lexChar: State = () => {
    for (;;) {
      let c = nextW();
      if (c === '\\') {
        c = nextW();
        if (c !== EOF && c !== '\n') continue;
        return errorf('unterminated character constant') || null;
      }
      if (c === EOF || c === '\n') return errorf('unterminated character constant') || null;
      if (c === "'") break;
    }
    emit(T.CharConstant);
    return lexInsideAction;
  };

  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      nextW();
      return false;
    }
    return true;
  };

  const lexNumber: State = () => {
    if (!scanNumber()) return errorf(`bad number syntax: ${goQuote(input.slice(start, pos))}`) || null;
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') return errorf(`bad number syntax: ${goQuote(input.slice(start, pos))}`) || null;
      emit(T.Complex);
      return lexInsideAction;
    }
    emit(T.Number);
    return lexInsideAction;
  };

  const lexQuote: State = () => {
    for (;;) {
      let c = nextW();
      if (c === '\\') {
        c = nextW();
        if (c !== EOF && c !== '\n') continue;
        return errorf('unterminated quoted string') || null;
      }
      if (c === EOF || c === '\n') return errorf('unterminated quoted string') || null;
      if (c === '"') break;
    }
    emit(T.String);
    return lexInsideAction;
  };

  const lexRawQuote: State = () => {
    const x = input.indexOf('`', pos);
    if (x < 0) {
      pos = input.length;
      return errorf('unterminated raw quoted string') || null;
    }
    line += countNewlines(input, pos, x + 1);
    pos = x + 1;
    emit(T.RawString);
    return lexInsideAction;
  };

  let state: State | null = lexText;
  while (state) state = state();
  return items;
}

function unicodeName(cp: number): string {
  const hexs = cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  return cp >= 0x20 && cp !== 0x7f ? `U+${hexs} '${ch}'` : `U+${hexs}`;
}
