/**
 * Go's encoding/json Marshal over the template value model: map keys sorted, HTML-safe escaping of
 * <, > and & (unless turned off, as sprig's toRawJson does), U+2028/U+2029 escaped, floats as
 * encoding/json prints them (%f-like, exponent only below 1e-6 or from 1e21), optional indent.
 */
import { formatFloat } from './strconv.js';
import { Float32, GoComplex, GoObject, GoStruct, sortedKeys, TypedInt, typeName, type Value } from './value.js';

export class JsonMarshalError extends Error {}

export interface MarshalOptions {
  escapeHTML?: boolean;
  /** MarshalIndent's indent ("" for compact). */
  indent?: string;
}

const HEX = '0123456789abcdef';

export function jsonString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 8:
          rep = '\\b';
          break;
        case 12:
          rep = '\\f';
          break;
        case 10:
          rep = '\\n';
          break;
        case 13:
          rep = '\\r';
          break;
        case 9:
          rep = '\\t';
          break;
        default:
          rep = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
      }
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) rep = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (c === 0x2028 || c === 0x2029) rep = `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

/** encoding/json's float encoding. */
export function jsonFloat(f: number, bits: 32 | 64 = 64): string {
  if (!Number.isFinite(f)) throw new JsonMarshalError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  let fmt = 'f';
  if (abs !== 0) {
    if (bits === 64 ? abs < 1e-6 || abs >= 1e21 : abs < 1e-6 || abs >= 1e21) fmt = 'e';
  }
  let s = formatFloat(f, fmt, -1, bits);
  if (fmt === 'e') {
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}

export function marshalJson(v: Value, options: MarshalOptions = {}): string {
  const escapeHTML = options.escapeHTML ?? true;
  const indent = options.indent ?? '';
  const seen = new Set<object>();
  const enc = (x: Value, depth: number): string => {
    switch (typeof x) {
      case 'undefined':
        return 'null';
      case 'string':
        return jsonString(x, escapeHTML);
      case 'boolean':
        return x ? 'true' : 'false';
      case 'bigint':
        return x.toString();
      case 'number':
        return jsonFloat(x);
    }
    if (x === null) return 'null';
    if (depth > 1000) throw new JsonMarshalError('json: unsupported value: encountered a cycle or too deep a value');
    const nl = indent ? `\n${indent.repeat(depth + 1)}` : '';
    const close = indent ? `\n${indent.repeat(depth)}` : '';
    const colon = indent ? ': ' : ':';
    if (Array.isArray(x)) {
      if (x.length === 0) return '[]';
      if (seen.has(x)) throw new JsonMarshalError(`json: unsupported value: encountered a cycle via ${typeName(x)}`);
      seen.add(x);
      const parts = x.map((e) => nl + enc(e, depth + 1));
      seen.delete(x);
      return `[${parts.join(',')}${close}]`;
    }
    if (x instanceof Map) {
      if (x.size === 0) return '{}';
      if (seen.has(x)) throw new JsonMarshalError(`json: unsupported value: encountered a cycle via ${typeName(x)}`);
      seen.add(x);
      const parts = sortedKeys(x).map((k) => `${nl}${jsonString(k, escapeHTML)}${colon}${enc(x.get(k), depth + 1)}`);
      seen.delete(x);
      return `{${parts.join(',')}${close}}`;
    }
    if (x instanceof TypedInt) return x.value.toString();
    if (x instanceof Float32) return jsonFloat(x.value, 32);
    if (x instanceof GoComplex) throw new JsonMarshalError('json: unsupported type: complex128');
    if (x instanceof GoStruct) {
      const keys = x.fieldOrder;
      if (keys.length === 0) return '{}';
      const parts = keys.map((k) => `${nl}${jsonString(k, escapeHTML)}${colon}${enc(x.fields[k], depth + 1)}`);
      return `{${parts.join(',')}${close}}`;
    }
    if (x instanceof GoObject) {
      const j = (x as GoObject & { toJSONValue?: () => Value }).toJSONValue?.();
      if (j !== undefined) return enc(j, depth);
      return jsonString(x.stringer() ?? '', escapeHTML);
    }
    return 'null';
  };
  return enc(v, 0);
}
