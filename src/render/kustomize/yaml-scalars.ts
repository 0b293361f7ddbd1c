/**
 * How plain (unquoted) YAML scalars are typed by the three readers that matter here:
 * go-yaml v3 (what kustomize parses its input with), go-yaml v2 and PyYAML (YAML 1.1 readers of
 * kustomize's output). Pure functions; no I/O.
 */

export type PlainType = 'null' | 'bool' | 'int' | 'float' | 'str';

const GO_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Parses an integer the way Go's strconv.ParseInt(s, 0, 64) does (after underscores are removed). */
function parseGoInt(s: string): number | undefined {
  if (!GO_INT.test(s)) return undefined;
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  let value: number;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x') value = parseInt(body.slice(2), 16);
  else if (p === '0o') value = parseInt(body.slice(2), 8);
  else if (p === '0b') value = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') value = parseInt(body.slice(1), 8);
  else value = parseInt(body, 10);
  return sign * value;
}

/** Resolves a plain scalar as go-yaml v3 does when decoding into interface{} (timestamps stay strings). */
export function resolveGoPlain(text: string): { type: PlainType; value: unknown } {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return { type: 'null', value: null };
    case 'true':
    case 'True':
    case 'TRUE':
      return { type: 'bool', value: true };
    case 'false':
    case 'False':
    case 'FALSE':
      return { type: 'bool', value: false };
  }
  const c = text.charCodeAt(0);
  const hint = (c >= 48 && c <= 57) || text[0] === '+' || text[0] === '-' || text[0] === '.';
  if (!hint) return { type: 'str', value: text };
  if (INF_NAN.test(text)) {
    const v = text.includes('nan') || text.includes('NaN') || text.includes('NAN') ? NaN : text[0] === '-' ? -Infinity : Infinity;
    return { type: 'float', value: v };
  }
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const i = parseGoInt(plain);
  if (i !== undefined && Number.isFinite(i)) return { type: 'int', value: i };
  if (GO_FLOAT.test(plain)) return { type: 'float', value: parseFloat(plain) };
  return { type: 'str', value: text };
}

const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;

/** The type PyYAML's SafeLoader (YAML 1.1, timestamps disabled) gives a plain scalar. */
export function resolvePyPlainType(text: string): PlainType {
  if (PY_NULL.test(text)) return 'null';
  if (PY_BOOL.test(text)) return 'bool';
  if (PY_INT.test(text)) return 'int';
  if (PY_FLOAT.test(text)) return 'float';
  return 'str';
}

/** Converts a plain scalar PyYAML would type as int or float to its value (float kept distinct). */
export function resolvePyPlain(text: string): unknown {
  switch (resolvePyPlainType(text)) {
    case 'null':
      return null;
    case 'bool':
      return /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(text);
    case 'int':
      return pyInt(text);
    case 'float':
      return new PyFloat(pyFloat(text));
    default:
      return text;
  }
}

/** A YAML 1.1 float, kept apart from integers so that `1.0` and `1` stay different, as in Python. */
export class PyFloat {
  constructor(readonly value: number) {}
}

function sexagesimal(parts: string[]): number {
  let v = 0;
  for (const p of parts) v = v * 60 + parseFloat(p);
  return v;
}

function pyInt(text: string): number {
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
  if (s.includes(':')) return sign * sexagesimal(s.split(':'));
  if (s[0] === '0') return sign * parseInt(s, 8);
  return sign * parseInt(s, 10);
}

function pyFloat(text: string): number {
  let s = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) return sign * sexagesimal(s.split(':'));
  return sign * parseFloat(s);
}

/** go-yaml v2 (YAML 1.1 flavoured) plain-scalar typing, used to decide when output strings need quotes. */
function resolveGoV2Type(text: string): PlainType {
  if (/^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text)) return 'bool';
  if (text === '<<' || text === '=') return 'null';
  return resolveGoPlain(text).type;
}

/** True when `text` can be written as a plain scalar and every reader reads it back as this string. */
const SIMPLE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

export function isPlainSafeString(text: string): boolean {
  if (text === '') return false;
  // Fast path: a word starting with a letter is a string for every reader unless it is a keyword.
  if (SIMPLE.test(text)) return !RESERVED.test(text);
  if (resolveGoPlain(text).type !== 'str') return false;
  if (resolvePyPlainType(text) !== 'str') return false;
  if (resolveGoV2Type(text) !== 'str') return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(text)) {
    // "-foo" and ":foo" are plain-safe in YAML, but keep the rule simple and quote.
    return false;
  }
  if (/\s$/.test(text)) return false;
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (/^\d{4}-\d\d?-\d\d?/.test(text)) return false; // timestamp-looking: quote for YAML 1.1 readers
  return true;
}
