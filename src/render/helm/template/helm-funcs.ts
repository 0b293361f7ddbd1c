/**
 * helm's pkg/engine funcMap(): sprig without env/expandenv, plus Helm's own functions: toYaml,
 * mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson, fromJson, fromJsonArray,
 * toToml, mustToToml, fromToml, required, fail, lookup, the duration helpers, and getHostByName
 * returning "" (Helm without --enable-dns). `include` and `tpl` are bound by the template set.
 */
import { FuncError } from './builtins.js';
import { fromYaml, fromYamlArray } from './from-yaml.js';
import { GoDuration, parseDuration, durationRound, durationTruncate } from './go-time.js';
import { readJson } from './json-reader.js';
import { parseFloatResult } from './strconv.js';
import { sprigFuncs } from './sprig/index.js';
import { marshalJson } from './to-json.js';
import { marshalYaml } from './to-yaml.js';
import { encodeToml, fromToml } from './toml.js';
import { Float32, type GoFunc, int64, type Value, TypedInt, typeName } from './value.js';

export interface HelmFuncHooks {
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => Value;
}

/** Helm wraps required/fail messages so its error reformatting can find them. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';

const f = (params: GoFunc['params'], fn: GoFunc['fn']): GoFunc => ({ params, fn });

function jsonDecodeError(v: Value, target: string): string {
  const t =
    v instanceof Map ? 'object' : Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool';
  return `json: cannot unmarshal ${t} into Go value of type ${target}`;
}

function fromJson(s: string): Map<string, Value> {
  try {
    const v = readJson(s, { ints: false });
    if (v === null) return new Map();
    if (v instanceof Map) return v;
    return new Map([['Error', jsonDecodeError(v, 'map[string]interface {}')]]);
  } catch (e) {
    return new Map([['Error', (e as Error).message]]);
  }
}

function fromJsonArray(s: string): Value[] {
  try {
    const v = readJson(s, { ints: false });
    if (v === null) return [];
    if (Array.isArray(v)) return v;
    return [jsonDecodeError(v, '[]interface {}')];
  } catch (e) {
    return [(e as Error).message];
  }
}

const NS = 1_000_000_000n;
const MAX_SECONDS = (2n ** 63n - 1n) / NS;
const MIN_SECONDS = -(2n ** 63n) / NS;

/** helm's asDuration: durations, "1m30s", numeric strings and numbers as seconds. */
function asDuration(v: Value): bigint {
  if (v instanceof GoDuration) return v.value;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') throw new FuncError('empty duration');
    try {
      return parseDuration(s);
    } catch {
      const r = parseFloatResult(s);
      if (r?.ok) return fromSecondsFloat(r.value);
      throw new FuncError(`could not parse duration ${JSON.stringify(v)}`);
    }
  }
  if (v === null || v === undefined) throw new FuncError('invalid duration');
  if (typeof v === 'bigint' || (v instanceof TypedInt && !v.unsigned)) {
    const n = typeof v === 'bigint' ? v : v.value;
    if (n > MAX_SECONDS || n < MIN_SECONDS) throw new FuncError(`duration seconds overflow: ${n}`);
    return n * NS;
  }
  if (v instanceof TypedInt) {
    if (v.value > MAX_SECONDS) throw new FuncError(`duration seconds overflow: ${v.value}`);
    return v.value * NS;
  }
  if (typeof v === 'number' || v instanceof Float32) return fromSecondsFloat(typeof v === 'number' ? v : v.value);
  throw new FuncError(`unsupported duration type ${typeName(v)}`);
}

function fromSecondsFloat(seconds: number): bigint {
  if (!Number.isFinite(seconds)) throw new FuncError(`invalid duration seconds: ${seconds}`);
  const max = Number(2n ** 63n - 1n) / 1e9;
  if (seconds > max || seconds < -max) throw new FuncError(`duration seconds overflow: ${seconds}`);
  const nanos = seconds * 1e9;
  if (nanos >= 2 ** 63 || nanos < -(2 ** 63)) throw new FuncError(`duration nanoseconds overflow: ${nanos}`);
  return BigInt(Math.trunc(nanos));
}

function orZero<T>(fn: () => T, zero: T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FuncError) return zero;
    throw e;
  }
}

const seconds = (d: bigint) => Number(d / NS) + Number(d % NS) / 1e9;

let base: ReadonlyMap<string, GoFunc> | undefined;

const lookupFunc = (lookup: NonNullable<HelmFuncHooks['lookup']>) =>
  f(['string', 'string', 'string', 'string'], (a: string, k: string, ns: string, n: string) => lookup(a, k, ns, n));

/** The function table (built once; a new map only when a lookup hook is given). */
export function helmFuncs(hooks: HelmFuncHooks = {}): ReadonlyMap<string, GoFunc> {
  base ??= build();
  if (!hooks.lookup) return base;
  const m = new Map(base);
  m.set('lookup', lookupFunc(hooks.lookup));
  return m;
}

function build(): Map<string, GoFunc> {
  const funcs = new Map(sprigFuncs({}));
  funcs.delete('env');
  funcs.delete('expandenv');
  const yaml = (must: boolean, pretty = false) =>
    f(['any'], (v: Value) => {
      try {
        return marshalYaml(v, { pretty }).replace(/\n$/, '');
      } catch (e) {
        if (must) throw new FuncError(`error marshaling into JSON: ${(e as Error).message}`);
        return '';
      }
    });
  const json = (must: boolean) =>
    f(['any'], (v: Value) => {
      try {
        return marshalJson(v);
      } catch (e) {
        if (must) throw new FuncError((e as Error).message);
        return '';
      }
    });
  const toml = (must: boolean) =>
    f(['any'], (v: Value) => {
      try {
        return encodeToml(v);
      } catch (e) {
        if (must) throw new FuncError((e as Error).message);
        return (e as Error).message;
      }
    });
  const dur = (conv: (d: bigint) => Value, zero: Value) => f(['any'], (v: Value) => orZero(() => conv(asDuration(v)), zero));
  const extra: Record<string, GoFunc> = {
    toToml: toml(false),
    mustToToml: toml(true),
    fromToml: f(['string'], fromToml),
    toYaml: yaml(false),
    mustToYaml: yaml(true),
    toYamlPretty: yaml(false, true),
    fromYaml: f(['string'], fromYaml),
    fromYamlArray: f(['string'], fromYamlArray),
    toJson: json(false),
    mustToJson: json(true),
    fromJson: f(['string'], fromJson),
    fromJsonArray: f(['string'], fromJsonArray),
    mustToDuration: f(['any'], (v: Value) => new GoDuration(asDuration(v))),
    durationSeconds: dur((d) => seconds(d), 0),
    durationMilliseconds: dur((d) => int64(d / 1_000_000n), int64(0n)),
    durationMicroseconds: dur((d) => int64(d / 1000n), int64(0n)),
    durationNanoseconds: dur((d) => int64(d), int64(0n)),
    durationMinutes: dur((d) => seconds(d) / 60, 0),
    durationHours: dur((d) => seconds(d) / 3600, 0),
    durationDays: dur((d) => seconds(d) / 3600 / 24, 0),
    durationWeeks: dur((d) => seconds(d) / 3600 / 24 / 7, 0),
    durationRoundTo: f(['any', 'any'], (v: Value, m: Value) =>
      orZero(() => {
        const d = asDuration(v);
        return new GoDuration(orZero(() => durationRound(d, asDuration(m)), d));
      }, new GoDuration(0n)),
    ),
    durationTruncateTo: f(['any', 'any'], (v: Value, m: Value) =>
      orZero(() => {
        const d = asDuration(v);
        return new GoDuration(orZero(() => durationTruncate(d, asDuration(m)), d));
      }, new GoDuration(0n)),
    ),
    required: f(['string', 'any'], (warn: string, val: Value) => {
      if (val === null || val === undefined || val === '') throw new FuncError(WARN_START + warn + WARN_END);
      return val;
    }),
    fail: f(['string'], (msg: string) => {
      throw new FuncError(WARN_START + msg + WARN_END);
    }),
    lookup: lookupFunc(() => new Map<string, Value>()),
    getHostByName: f(['string'], () => ''),
  };
  for (const [name, fn] of Object.entries(extra)) funcs.set(name, fn);
  return funcs;
}
