import { isTable, readValues } from '../chart/go-yaml.js';
import type { Values } from './coalesce.js';
import { parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetStringInto } from './strvals.js';

/** The values a user gives `helm template`, in Helm's order of precedence (last wins). */
export interface UserValues {
  /** Values files' contents, in order (`-f`). */
  valueFiles?: { name: string; text: string }[];
  /** `--set-json` */
  setJson?: string[];
  /** `--set` */
  set?: string[];
  /** `--set-string` */
  setString?: string[];
  /** `--set-file`, with a function returning a file's content. */
  setFile?: string[];
  readFile?: (path: string) => string;
}

export class UserValuesError extends Error {}

/** values.Options.MergeValues: files merged in order, then --set-json, --set, --set-string, --set-file. */
export function mergeUserValues(input: UserValues): Values {
  let base: Values = {};
  for (const f of input.valueFiles ?? []) {
    let current: Values;
    try {
      current = readValues(f.text);
    } catch (cause) {
      throw new UserValuesError(`failed to parse ${f.name}: ${(cause as Error).message}`, { cause });
    }
    base = mergeMaps(base, current);
  }
  const apply = (list: string[] | undefined, flag: string, parse: (text: string, dest: Values) => void) => {
    for (const value of list ?? []) {
      try {
        parse(value, base);
      } catch (cause) {
        throw new UserValuesError(`failed parsing ${flag} data: ${(cause as Error).message}`, { cause });
      }
    }
  };
  apply(input.setJson, '--set-json', parseSetJsonInto);
  apply(input.set, '--set', parseSetInto);
  apply(input.setString, '--set-string', parseSetStringInto);
  const readFile = input.readFile;
  if (input.setFile && input.setFile.length > 0) {
    if (!readFile) throw new UserValuesError('--set-file is not available here');
    apply(input.setFile, '--set-file', (text, dest) => parseSetFileInto(text, dest, readFile));
  }
  return base;
}

/** values.mergeMaps: tables merge recursively, anything else from `b` replaces. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isTable(v)) {
      const bv = out[k];
      if (isTable(bv)) {
        out[k] = mergeMaps(bv, v);
        continue;
      }
    }
    out[k] = v;
  }
  return out;
}
