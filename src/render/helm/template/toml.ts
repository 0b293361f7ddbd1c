/**
 * Helm's toToml (BurntSushi/toml's encoder: keys sorted, plain keys before tables, tables indented
 * by two spaces per level, a blank line before each table) and fromToml (smol-toml's parser; ints as
 * int64, errors reported in the map under "Error").
 */
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { formatFloat } from './strconv.js';
import { GoTime } from './go-time.js';
import { jsonString } from './to-json.js';
import { Float32, GoObject, int64, sortedKeys, TypedInt, type Value } from './value.js';

export class TomlEncodeError extends Error {}

const BARE = /^[A-Za-z0-9_-]+$/;

function key(k: string): string {
  return BARE.test(k) ? k : tomlString(k);
}

function tomlString(s: string): string {
  return jsonString(s, false).replace(/\\u003c|\\u003e|\\u0026/g, (m) => String.fromCharCode(Number.parseInt(m.slice(2), 16)));
}

const isTable = (v: Value) => v instanceof Map;
const isArrayOfTables = (v: Value) => Array.isArray(v) && v.length > 0 && v.every((x) => x instanceof Map);

function scalar(v: Value): string {
  switch (typeof v) {
    case 'string':
      return tomlString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number': {
      if (Number.isNaN(v)) return 'nan';
      if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
      const s = formatFloat(v, 'f', -1);
      return s.includes('.') ? s : `${s}.0`;
    }
  }
  if (v instanceof TypedInt) return v.value.toString();
  if (v instanceof Float32) return scalar(v.value);
  if (v instanceof GoTime) return new Date(Number(v.unixNs / 1_000_000n)).toISOString().replace('.000Z', 'Z');
  if (Array.isArray(v))
    return `[${v
      .filter((x) => x !== null && x !== undefined)
      .map(scalar)
      .join(', ')}]`;
  if (v instanceof Map)
    return `{${sortedKeys(v)
      .map((k) => `${key(k)} = ${scalar(v.get(k))}`)
      .join(', ')}}`;
  if (v instanceof GoObject) return tomlString(v.stringer() ?? '');
  throw new TomlEncodeError('toml: cannot encode a nil value');
}

/** BurntSushi toml.Encoder.Encode of a map. */
export function encodeToml(v: Value): string {
  if (!(v instanceof Map)) throw new TomlEncodeError(`toml: top-level values must be Go maps or structs`);
  let out = '';
  const table = (m: Map<string, Value>, path: string[], indent: string) => {
    for (const k of sortedKeys(m)) {
      const x = m.get(k);
      if (x === null || x === undefined || isTable(x) || isArrayOfTables(x)) continue;
      out += `${indent}${key(k)} = ${scalar(x)}\n`;
    }
    for (const k of sortedKeys(m)) {
      const x = m.get(k);
      const p = [...path, k];
      const name = p.map(key).join('.');
      if (x instanceof Map) {
        if (out !== '') out += '\n';
        out += `${indent}[${name}]\n`;
        table(x, p, `${indent}  `);
      } else if (Array.isArray(x) && isArrayOfTables(x)) {
        for (const t of x) {
          if (out !== '') out += '\n';
          out += `${indent}[[${name}]]\n`;
          table(t as Map<string, Value>, p, `${indent}  `);
        }
      }
    }
  };
  table(v, [], '');
  return out;
}

function fromTomlValue(x: unknown): Value {
  if (typeof x === 'bigint') return int64(x);
  if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') return x;
  if (x instanceof TomlDate) return GoTime.fromMs(x.getTime());
  if (Array.isArray(x)) return x.map(fromTomlValue);
  if (x && typeof x === 'object') {
    const m = new Map<string, Value>();
    for (const [k, v] of Object.entries(x)) m.set(k, fromTomlValue(v));
    return m;
  }
  return null;
}

/** fromToml: a map, with BurntSushi-style error text under "Error". */
export function fromToml(text: string): Map<string, Value> {
  try {
    return fromTomlValue(parseToml(text, { integersAsBigInt: true })) as Map<string, Value>;
  } catch (e) {
    if (e instanceof TomlError) {
      let msg = e.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      if (/cannot find end of key/.test(msg)) {
        const rest = text.split('\n')[e.line - 1]?.slice(e.column - 1) ?? '';
        msg = /=/.test(rest) ? msg : `unexpected EOF; expected key separator '='`;
      }
      return new Map([['Error', `toml: line ${e.line}: ${msg}`]]);
    }
    return new Map([['Error', String((e as Error).message)]]);
  }
}
