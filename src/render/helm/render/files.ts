import type { ChartFile } from '../chart/chart.js';
import { type GoFunc, GoStruct, TypedInt, typedArray, type Value } from '../template/index.js';

/**
 * `.Files` (Helm's engine.files): the chart's own non-template files, read only through its methods
 * Get, GetBytes, Glob (gobwas/glob with `/` as separator), Lines, AsConfig and AsSecrets. Nothing
 * outside the chart can be reached: the map is built from the loaded chart, not from the disk.
 */
const decoder = new TextDecoder();

/** gobwas/glob with separator '/': `*` and `?` stay within a path segment, `**` crosses them, `{a,b}`, `[...]`. */
export function gobwasGlob(pattern: string): RegExp {
  let out = '^';
  let inAlt = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('unexpected end of class');
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '{') {
      inAlt++;
      out += '(?:';
    } else if (c === '}' && inAlt > 0) {
      inAlt--;
      out += ')';
    } else if (c === ',' && inAlt > 0) out += '|';
    else if (c === '\\' && i + 1 < pattern.length) {
      i++;
      out += pattern[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (inAlt > 0) throw new Error('unexpected end of alternatives');
  return new RegExp(`${out}$`, 'su');
}

function method(params: GoFunc['params'], fn: (...args: never[]) => Value): GoFunc {
  return { params, fn: fn as (...args: unknown[]) => Value };
}

function base(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Builds the `.Files` value; `toYaml` is the engine's Helm toYaml (for AsConfig/AsSecrets). */
export function filesValue(files: Map<string, Uint8Array>, toYaml: (v: Value) => string): GoStruct {
  const getBytes = (name: string) => files.get(name) ?? new Uint8Array();
  const asMap = (f: (data: Uint8Array) => string): string => {
    if (files.size === 0) return '';
    const m = new Map<string, Value>();
    for (const [k, v] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) m.set(base(k), f(v));
    return toYaml(m);
  };
  return new GoStruct(
    'engine.files',
    {},
    {
      Get: method(['string'], (name: string) => decoder.decode(getBytes(name))),
      GetBytes: method(['string'], (name: string) =>
        typedArray(
          'uint8',
          [...getBytes(name)].map((b) => new TypedInt('uint8', BigInt(b))),
        ),
      ),
      Glob: method(['string'], (pattern: string) => {
        let re: RegExp;
        try {
          re = gobwasGlob(pattern);
        } catch {
          re = /^.*$/s;
        }
        const out = new Map<string, Uint8Array>();
        for (const [k, v] of files) if (re.test(k)) out.set(k, v);
        return filesValue(out, toYaml);
      }),
      AsConfig: method([], () => asMap((d) => decoder.decode(d))),
      AsSecrets: method([], () => asMap((d) => Buffer.from(d).toString('base64'))),
      Lines: method(['string'], (path: string) => {
        const data = files.get(path);
        if (data === undefined) return typedArray('string', []);
        let s = decoder.decode(data);
        if (s.endsWith('\n')) s = s.slice(0, -1);
        return typedArray('string', s.split('\n'));
      }),
    },
  );
}

export function filesOf(list: ChartFile[]): Map<string, Uint8Array> {
  return new Map(list.map((f) => [f.name, f.data]));
}
