/**
 * Go text/template, sprig and Helm's template functions, natively in TypeScript.
 *
 * ```ts
 * const set = createTemplateSet({ funcs: 'helm', helmMode: true, hooks: { lookup } });
 * set.parse('mychart/templates/_helpers.tpl', helpersText); // throws TemplateParseError
 * set.parse('mychart/templates/deployment.yaml', deploymentText);
 * const yaml = set.execute('mychart/templates/deployment.yaml', data); // throws TemplateExecError
 * set.has('mychart.fullname'); set.names();
 * ```
 *
 * Options:
 * - `funcs`: `'builtin'` (Go's builtins only), `'sprig'` (plus sprig's TxtFuncMap, `env`/`expandenv`
 *   included), `'helm'` (helm's funcMap: sprig without env/expandenv, plus toYaml, fromYaml, toJson,
 *   fromJson, toToml, fromToml, include, tpl, required, fail, lookup, duration helpers, ...).
 * - `delims`: `[left, right]` (default `{{`, `}}`); `missingkey`: `'default' | 'zero' | 'error'`.
 * - `helmMode`: what helm's engine does: missingkey=zero (unless `missingkey: 'error'`, Helm's
 *   strict mode), `<no value>` removed from every executed template's output, and `include`/`tpl`
 *   bound to this set (`tpl` parses its text as template `gotpl` of a child set, so its defines
 *   are visible to its own includes only; Helm's include nesting limit of 1000 per name).
 * - `limits`: template/include nesting, parenthesis nesting, output bytes and execution time.
 * - `hooks.lookup(apiVersion, kind, namespace, name)`: what `lookup` returns (default: an empty
 *   map, as `helm template` does); `hooks.env(name)`: what sprig's `env` reads (default: nothing).
 *   Templates reach no file, network or environment except through these hooks.
 *
 * Data: see value.ts for how Go values are held (Map for maps, bigint for int, number for float64,
 * GoStruct for structs with methods such as Helm's .Capabilities or .Files). `readJson` reads JSON
 * keeping ints and floats apart; `fromPlain` converts plain JavaScript values.
 *
 * Helm's engine also sets `.Template` (`Name`, `BasePath`) for each file it executes: that is
 * the caller's data, not this module's.
 */
import type { MissingKey } from './exec.js';
import { helmFuncs } from './helm-funcs.js';
import { sprigFuncs } from './sprig/index.js';
import { DEFAULT_LIMITS, type TemplateLimits, TemplateSet } from './template-set.js';
import type { GoFunc, Value } from './value.js';

export { TemplateExecError, TemplateLimitError } from './exec.js';
export { readJson } from './json-reader.js';
export { TemplateParseError } from './parse.js';
export type { TemplateLimits } from './template-set.js';
export { DEFAULT_LIMITS, TemplateSet } from './template-set.js';
export * from './value.js';
export { fromPlain } from './from-plain.js';

export interface TemplateHooks {
  /** Helm's lookup: return the object (a Map), a list (Map with `items`), or an empty Map. */
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => Value;
  /** sprig's env/expandenv (in the `sprig` func set only). */
  env?: (name: string) => string | undefined;
}

export interface TemplateSetOptions {
  funcs?: 'builtin' | 'sprig' | 'helm';
  delims?: [string, string];
  missingkey?: MissingKey;
  helmMode?: boolean;
  limits?: Partial<TemplateLimits>;
  hooks?: TemplateHooks;
  /** More functions, by name (they override the set's). */
  extraFuncs?: Record<string, GoFunc>;
}

export function createTemplateSet(options: TemplateSetOptions = {}): TemplateSet {
  const kind = options.funcs ?? 'builtin';
  let funcs: ReadonlyMap<string, GoFunc> = NO_FUNCS;
  if (kind === 'sprig') funcs = sprigFuncs({ env: options.hooks?.env });
  else if (kind === 'helm') funcs = helmFuncs({ lookup: options.hooks?.lookup });
  if (options.extraFuncs) funcs = new Map([...funcs, ...Object.entries(options.extraFuncs)]);
  const helmMode = options.helmMode ?? false;
  return new TemplateSet({
    funcs,
    leftDelim: options.delims?.[0] ?? '{{',
    rightDelim: options.delims?.[1] ?? '}}',
    missingKey: options.missingkey ?? (helmMode ? 'zero' : 'default'),
    helmMode,
    bindInclude: kind === 'helm',
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  });
}

const NO_FUNCS: ReadonlyMap<string, GoFunc> = new Map();
