import type { Chart } from '../chart/chart.js';
import { isTable } from '../chart/go-yaml.js';

/**
 * Helm's values coalescing (chartutil.CoalesceValues / MergeValues): the given values win over a
 * chart's defaults, tables merge and anything else is replaced, a subchart's table is coalesced with
 * the subchart's defaults, `global` flows from parent to subchart, and (when coalescing, not merging)
 * a `null` deletes the key (Helm 4's reading: a null among a chart's defaults is dropped, a null the
 * user gives removes the default). `warn` receives Helm's warnings (`cannot overwrite table with non table`).
 */
export type Values = Record<string, unknown>;
export type Warn = (message: string) => void;

const GLOBAL = 'global';

export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (isTable(value)) {
    const out: Values = {};
    for (const k of Object.keys(value)) out[k] = deepCopy(value[k]);
    return out as T;
  }
  return value;
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

export function coalesceValues(chart: Chart, vals: Values | undefined, warn: Warn = () => {}): Values {
  return coalesce(chart, deepCopy(vals ?? {}), '', false, warn);
}

export function mergeValues(chart: Chart, vals: Values | undefined, warn: Warn = () => {}): Values {
  return coalesce(chart, deepCopy(vals ?? {}), '', true, warn);
}

function coalesce(chart: Chart, dest: Values, prefix: string, merge: boolean, warn: Warn): Values {
  coalesceChartValues(chart, dest, prefix, merge, warn);
  return coalesceDeps(chart, dest, prefix, merge, warn);
}

function coalesceDeps(chart: Chart, dest: Values, prefix: string, merge: boolean, warn: Warn): Values {
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    if (!Object.hasOwn(dest, name)) dest[name] = {};
    else if (!isTable(dest[name])) throw new Error(`type mismatch on ${name}: ${goTypeName(dest[name])}`);
    const dv = dest[name] as Values;
    const subPrefix = concatPrefix(prefix, chart.metadata.name);
    coalesceGlobals(dv, dest, subPrefix, warn);
    dest[name] = coalesce(sub, dv, subPrefix, merge, warn);
  }
  return dest;
}

function goTypeName(v: unknown): string {
  if (v === null) return '%!t(<nil>)';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return `%!t(string=${v})`;
  if (typeof v === 'number') return `%!t(float64=${v})`;
  return `%!t(${Array.isArray(v) ? '[]interface {}' : 'interface {}'}=...)`;
}

function coalesceGlobals(dest: Values, src: Values, prefix: string, warn: Warn): void {
  let dg: Values;
  let sg: Values;
  if (!Object.hasOwn(dest, GLOBAL)) dg = {};
  else if (isTable(dest[GLOBAL])) dg = dest[GLOBAL] as Values;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL} is not a table.`);
    return;
  }
  if (!Object.hasOwn(src, GLOBAL)) sg = {};
  else if (isTable(src[GLOBAL])) sg = src[GLOBAL] as Values;
  else {
    warn(`warning: skipping globals because source ${GLOBAL} is not a table.`);
    return;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isTable(val)) {
      const vv: Values = { ...val };
      if (!Object.hasOwn(dg, key)) dg[key] = vv;
      else {
        const destv = dg[key];
        if (!isTable(destv)) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        else {
          coalesceTablesFullKey(vv, destv, concatPrefix(prefix, key), true, warn);
          dg[key] = vv;
        }
      }
    } else if (Object.hasOwn(dg, key) && isTable(dg[key])) warn(`key ${key} is table. Skipping`);
    else dg[key] = val;
  }
  dest[GLOBAL] = dg;
}

function coalesceChartValues(chart: Chart, v: Values, prefix: string, merge: boolean, warn: Warn): void {
  const subPrefix = concatPrefix(prefix, chart.metadata.name);
  const vc = deepCopy(chart.values);
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (Object.hasOwn(v, key)) {
      const value = v[key];
      if (value === null && !merge) delete v[key];
      else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = chart.dependencies.some((d) => d.metadata.name === key) ? true : merge;
          // Coalescing: nulls among the chart's defaults do not leak into the result (Helm 4).
          if (!childMerge) cleanNilValues(val);
          coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), childMerge, warn);
        }
      }
    } else {
      if (!merge) {
        if (val === null) continue;
        if (isTable(val)) cleanNilValues(val);
      }
      v[key] = val;
    }
  }
}

function cleanNilValues(m: Values): void {
  for (const key of Object.keys(m)) {
    if (m[key] === null) delete m[key];
    else if (isTable(m[key])) cleanNilValues(m[key] as Values);
  }
}

/** chartutil.CoalesceTables: `dst` wins, nulls in `dst` delete the key. */
export function coalesceTables(dst: Values, src: Values, warn: Warn = () => {}): Values {
  return coalesceTablesFullKey(dst, src, '', false, warn);
}

/** chartutil.MergeTables: `dst` wins, nulls are kept. */
export function mergeTables(dst: Values, src: Values, warn: Warn = () => {}): Values {
  return coalesceTablesFullKey(dst, src, '', true, warn);
}

function coalesceTablesFullKey(dst: Values | undefined, src: Values | undefined, prefix: string, merge: boolean, warn: Warn): Values {
  if (src === undefined) return dst ?? {};
  if (dst === undefined) return src;
  // A null in dst removes a default only when src has a non-null value there (the user nulling a
  // chart default); a null for a key the defaults lack, or null there too, stays (Helm 4).
  const srcOriginalNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const key of Object.keys(dst)) if (dst[key] === null) src[key] = null;
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullkey = concatPrefix(prefix, key);
    const has = Object.hasOwn(dst, key);
    const dv = dst[key];
    if (has && !merge && dv === null && srcOriginalNonNil.has(key)) delete dst[key];
    else if (!has) dst[key] = val;
    else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(dv, val, fullkey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullkey} (${goPrint(val)})`);
    } else if (isTable(dv) && val !== null)
      warn(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${goPrint(val)})`);
  }
  return dst;
}

function goPrint(v: unknown): string {
  if (v === null) return '<nil>';
  if (isTable(v)) return `map[${Object.keys(v).sort().join(' ')}]`;
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  return String(v);
}
