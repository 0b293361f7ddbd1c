/**
 * Whether every field set in `desired` has the same value in `live`. Lists must have the same
 * length and match element by element. Used as a fast path: when true and the desired object is
 * the one last applied, applying it again would change nothing.
 */
export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (desired === null || live === null || typeof desired !== 'object' || typeof live !== 'object') {
    return false;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    return desired.every((d, i) => isSubset(d, live[i]));
  }
  if (Array.isArray(live)) return false;
  const l = live as Record<string, unknown>;
  for (const [key, value] of Object.entries(desired as Record<string, unknown>)) {
    if (value === null) continue; // null in an apply means "unset"
    if (!(key in l) || !isSubset(value, l[key])) return false;
  }
  return true;
}
