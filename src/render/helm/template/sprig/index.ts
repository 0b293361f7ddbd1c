/** sprig v3.3.0's TxtFuncMap (GenericFuncMap): every function, grouped by file as sprig groups them. */
import { FuncError } from '../builtins.js';
import type { GoFunc } from '../value.js';
import { certFuncs } from './certs.js';
import { cryptoFuncs } from './crypto.js';
import { type Clock, dateFuncs } from './dates.js';
import { defaultFuncs } from './defaults.js';
import { fn } from './define.js';
import { dictFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import { listFuncs } from './lists.js';
import { numericFuncs } from './numeric.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';

export interface SprigHooks {
  /** os.Getenv for env/expandenv; templates see no environment unless this is given. */
  env?: (name: string) => string | undefined;
  clock?: Clock;
}

function expandEnv(s: string, env: (name: string) => string | undefined): string {
  return s.replace(/\$(\{([^}]*)\}|[A-Za-z0-9_]+|[*#$@!?\-0-9])/g, (_m, whole: string, braced?: string) => env(braced ?? whole) ?? '');
}

let base: ReadonlyMap<string, GoFunc> | undefined;

function build(env: (name: string) => string | undefined, clock: Clock): Record<string, GoFunc> {
  return {
    ...stringFuncs(),
    ...listFuncs(),
    ...dictFuncs(),
    ...numericFuncs(),
    ...defaultFuncs(),
    ...encodingFuncs(),
    ...regexFuncs(),
    ...semverFuncs(),
    ...dateFuncs(clock),
    ...cryptoFuncs(),
    ...certFuncs(),
    ...envFuncs(env),
    getHostByName: fn(['string'], () => {
      throw new FuncError('getHostByName is not supported: templates have no network access');
    }),
    fail: fn(['string'], (msg: string) => {
      throw new FuncError(msg);
    }),
  };
}

function envFuncs(env: (name: string) => string | undefined): Record<string, GoFunc> {
  return {
    env: fn(['string'], (n: string) => env(n) ?? ''),
    expandenv: fn(['string'], (s: string) => expandEnv(s, env)),
  };
}

/** The function table (built once; a new map only when hooks replace env or the clock). */
export function sprigFuncs(hooks: SprigHooks = {}): ReadonlyMap<string, GoFunc> {
  base ??= new Map(Object.entries(build(() => undefined, { now: () => Date.now() })));
  if (!hooks.env && !hooks.clock) return base;
  const m = new Map(base);
  if (hooks.env) for (const [k, v] of Object.entries(envFuncs(hooks.env))) m.set(k, v);
  if (hooks.clock) for (const [k, v] of Object.entries(dateFuncs(hooks.clock))) m.set(k, v);
  return m;
}
