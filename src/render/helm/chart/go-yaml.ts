import { type DocumentOptions, type ParseOptions, parseAllDocuments, type ScalarTag, type SchemaOptions, type ToJSOptions } from 'yaml';

/** go-yaml v2's plain floats (yamlStyleFloat): a digit is required (`E6` and `.` are strings). */
const GO_FLOAT: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  resolve: (s: string) => Number.parseFloat(s.replace(/_/g, '')),
};

/**
 * YAML read the way Helm reads values files and Chart.yaml: sigs.k8s.io/yaml, that is go-yaml v2
 * (YAML 1.1: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is octal, `<<` merges) followed by a
 * trip through JSON (every number becomes a float64, which a JS number is; keys become strings;
 * timestamps stay strings, as go-yaml v2 keeps them for an interface{} target). Only the first
 * document of a stream is read, as go-yaml's Unmarshal does.
 */
const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  merge: true,
  prettyErrors: false,
  // go-yaml v2 has no sexagesimal numbers and leaves timestamps as strings for interface{} targets.
  customTags: (tags) => [
    ...tags.filter(
      (t) =>
        typeof t === 'string' ||
        !(
          ('format' in t && t.format === 'TIME') ||
          t.tag.endsWith(':timestamp') ||
          (t.tag.endsWith(':float') && 'test' in t && t.test !== undefined && !String(t.test).includes('nan'))
        ),
    ),
    GO_FLOAT,
  ],
};
const TO_JS: ToJSOptions = { maxAliasCount: 1000 };

export class YamlSyntaxError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.line = line;
  }
}

/** Parses the first YAML document of `text` into plain JSON-like data (undefined for an empty document). */
export function readYaml(text: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const docs = parseAllDocuments(source, OPTIONS);
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return undefined;
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first.linePos?.[0].line;
    throw new YamlSyntaxError(`yaml: line ${line ?? 1}: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, line);
  }
  return toJsonLike(doc.toJS(TO_JS));
}

/** What sigs.k8s.io/yaml's YAML-to-JSON conversion does to a value: keys to strings, no NaN/Infinity. */
function toJsonLike(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new YamlSyntaxError(`error converting YAML to JSON: json: unsupported value: ${value}`);
    return value;
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJsonLike);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toJsonLike(v);
    return out;
  }
  if (value instanceof Set) return Object.fromEntries([...value].map((k) => [String(k), null]));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toJsonLike(v);
  return out;
}

/** True for a YAML mapping read by readYaml (Helm's "table"). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && isPlain(value);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads a values document as Helm's chartutil.ReadValues does: an empty document is an empty map, a
 * document that is not a mapping is an error.
 */
export function readValues(text: string): Record<string, unknown> {
  const data = readYaml(text);
  if (data === null || data === undefined) return {};
  if (!isTable(data)) {
    const kind = Array.isArray(data) ? 'array' : typeof data === 'string' ? 'string' : typeof data;
    throw new YamlSyntaxError(`error unmarshaling JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return data;
}

/**
 * Formats a number as sigs.k8s.io/yaml does when the Go field it fills is a string (Chart.yaml's
 * `version: 1.10` is "1.1"): integers in decimal, floats with strconv.FormatFloat(f, 'g', -1, 32).
 */
export function goStringOfYamlScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return String(value);
    return formatFloat32G(value);
  }
  return String(value);
}

function formatFloat32G(value: number): string {
  const target = Math.fround(value);
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = target.toExponential(p - 1);
    if (Math.fround(Number(s)) === target) {
      const [mant, e] = s.split('e');
      digits = mant.replace('.', '').replace('-', '');
      exp = Number(e);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = target < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
