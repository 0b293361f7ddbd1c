/**
 * Helm's fromYaml/fromYamlArray: sigs.k8s.io/yaml.Unmarshal, i.e. go-yaml v2 (YAML 1.1: yes/no/on/off
 * are booleans) to JSON to encoding/json into map[string]interface{} or []interface{}: numbers come
 * out as float64, non-string keys as strings, timestamps stay strings. Reads the first document.
 */
import { isScalar, parseDocument, type ScalarTag, type Tags, visit } from 'yaml';
import { formatFloat, parseFloatResult, parseInt64, parseUint } from './strconv.js';
import type { Value } from './value.js';

export class YamlReadError extends Error {}

function toValue(x: unknown, depth: number): Value {
  if (depth > 10000) throw new YamlReadError('yaml: exceeded max depth');
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'number':
      return x;
    case 'bigint':
      return Number(x);
  }
  if (Array.isArray(x)) return x.map((e) => toValue(e, depth + 1));
  if (x instanceof Map) {
    const m = new Map<string, Value>();
    for (const [k, v] of x) m.set(keyString(k), toValue(v, depth + 1));
    return m;
  }
  if (x instanceof Date) return x.toISOString();
  if (typeof x === 'object') {
    const m = new Map<string, Value>();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) m.set(k, toValue(v, depth + 1));
    return m;
  }
  return String(x);
}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return Number.isInteger(k) ? String(k) : formatFloat(k, 'g', -1);
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null || k === undefined) return 'null';
  return String(k);
}

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** A plain scalar as go-yaml v2's resolve reads a number (underscores dropped, Go's base prefixes). */
function goNumber(text: string): number | undefined {
  const c = text[0];
  if (c === '.') {
    const r = parseFloatResult(text);
    return r ? r.value : undefined;
  }
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return undefined;
  const plain = text.replaceAll('_', '');
  const i = parseInt64(plain) ?? parseUint(plain);
  if (i !== undefined) return Number(i);
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  const bin = /^([-+]?)0b([01]+)$/.exec(plain);
  if (bin) return Number(BigInt(`0b${bin[2]}`)) * (bin[1] === '-' ? -1 : 1);
  return undefined;
}

/**
 * The YAML 1.1 tags, with numbers resolved as go-yaml v2 resolves them (a digit is required, so `e1`
 * is a string; no base-60 numbers) and timestamps left as strings (as go-yaml v2 gives interface{}).
 */
function goYamlV2Tags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'string' || (t.tag !== INT && t.tag !== FLOAT && t.tag !== 'tag:yaml.org,2002:timestamp'));
  const special: Record<string, number> = {
    '.nan': Number.NaN,
    '.NaN': Number.NaN,
    '.NAN': Number.NaN,
    '.inf': Infinity,
    '.Inf': Infinity,
    '.INF': Infinity,
    '+.inf': Infinity,
    '+.Inf': Infinity,
    '+.INF': Infinity,
    '-.inf': -Infinity,
    '-.Inf': -Infinity,
    '-.INF': -Infinity,
  };
  const number: ScalarTag = {
    tag: FLOAT,
    default: true,
    test: { test: (s: string) => Object.hasOwn(special, s) || goNumber(s) !== undefined } as unknown as RegExp,
    resolve: (s: string) => (Object.hasOwn(special, s) ? special[s] : (goNumber(s) ?? Number.NaN)),
  };
  return [...kept, number];
}

/** Parses the first YAML document as go-yaml v2 would, into the template value model. */
export function readYaml(text: string): Value {
  const doc = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    merge: true,
    intAsBigInt: false,
    customTags: goYamlV2Tags,
  });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line ?? 1;
    throw new YamlReadError(`error converting YAML to JSON: yaml: line ${line}: ${e.message.split('\n')[0]}`);
  }
  if (text.length > 0 && !/[\r\n]$/.test(text)) {
    // A block scalar that ends the text without a line break keeps none in go-yaml ("|" and "|+").
    visit(doc, {
      Scalar(_key, node) {
        if (!isScalar(node) || (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED') || !node.range) return;
        const header = /^[|>][0-9+-]*/.exec(text.slice(node.range[0]))?.[0] ?? '';
        if (node.range[1] === text.length && !header.includes('-') && typeof node.value === 'string' && node.value.endsWith('\n'))
          node.value = node.value.slice(0, -1);
      },
    });
  }
  return toValue(doc.toJS({ mapAsMap: true, maxAliasCount: 100 }), 0);
}

function goJsonType(v: Value): string {
  if (v instanceof Map) return 'object';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'null';
}

/** fromYaml: a map, with the error message under "Error" when it fails. */
export function fromYaml(text: string): Map<string, Value> {
  try {
    const v = readYaml(text);
    if (v === null) return new Map();
    if (v instanceof Map) return v;
    return new Map([
      [
        'Error',
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goJsonType(v)} into Go value of type map[string]interface {}`,
      ],
    ]);
  } catch (e) {
    return new Map([['Error', (e as Error).message]]);
  }
}

/** fromYamlArray: a list, or a list holding only the error message. */
export function fromYamlArray(text: string): Value[] {
  try {
    const v = readYaml(text);
    if (v === null) return [];
    if (Array.isArray(v)) return v;
    return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goJsonType(v)} into Go value of type []interface {}`];
  } catch (e) {
    return [(e as Error).message];
  }
}
