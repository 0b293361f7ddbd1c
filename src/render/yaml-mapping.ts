/** One document's value and the line (1-based) where its content starts. */
export interface FastDocument {
  value: Record<string, unknown>;
  line: number;
}

/** Thrown by the fast YAML paths to give up on a text they must not answer for; the next parser then reads it. */
class Declined extends Error {}

export const decline = (why = 'declined'): never => {
  throw new Declined(why);
};

/** A key as the `yaml` library writes one: null as "", numbers and booleans as their text. A collection or timestamp declines. */
export function keyString(key: unknown): string {
  if (key === null) return '';
  if (typeof key === 'object') return decline('a collection or timestamp as a key');
  return String(key);
}

/**
 * Sets `key` on `map` as the `yaml` library does, or declines: a merge key (`<<`) and a repeated
 * key are left to it. "__proto__" becomes an own property, as the library makes it, never the prototype.
 */
export function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '<<') decline('merge key');
  if (Object.hasOwn(map, key)) decline('duplicate key');
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}
