import { EVENT_ID, NOT_RESOLVED, Schema, constructFromEvents, defineMappingTag, defineScalarTag, defineSequenceTag, parseEvents, type Event } from 'js-yaml';

/** How the full parser resolves a plain scalar: its YAML 1.1 scalar tags, in the order it tries them. */
export interface PlainScalarTag {
  test: RegExp;
  /** The JavaScript value of a scalar this tag's `test` matched. */
  resolve(source: string, onError: (message: string) => void): unknown;
}

/** One document's value and the line (1-based) where its content starts. */
export interface FastDocument {
  value: Record<string, unknown>;
  line: number;
}

/** Thrown inside js-yaml to give up on a text the fast path must not answer for. */
class Declined extends Error {}

const decline = (why: string): never => { throw new Declined(why); };

/**
 * A js-yaml schema that reads like the `yaml` library does in parseManifests: plain scalars resolve
 * through the given tags (the `yaml` library's own, so `yes`, `0755`, `1:20` or a timestamp give the
 * same value), and keys are stringified as `yaml` stringifies them (`null` to `""`). Anything this
 * schema cannot mirror exactly (an explicit tag, a merge key, a collection or timestamp as a key) declines.
 */
export function createFastSchema(tags: PlainScalarTag[]): Schema {
  const onError = (message: string) => decline(message);
  const plain = defineScalarTag('tag:tideway.dev,2026:yaml-1.1-plain', {
    implicit: true,
    implicitFirstChars: null,
    identify: () => false,
    resolve(source, isExplicit) {
      if (isExplicit) return NOT_RESOLVED;
      for (const tag of tags) {
        if (!tag.test.test(source)) continue;
        return tag.resolve(source, onError);
      }
      return NOT_RESOLVED;
    },
  });
  const str = defineScalarTag('tag:yaml.org,2002:str', {
    identify: () => false,
    resolve: (source, isExplicit) => (isExplicit ? decline('explicit tag') : source),
  });
  const seq = defineSequenceTag('tag:yaml.org,2002:seq', {
    identify: () => false,
    create: (): unknown[] => [],
    addItem: (list, item) => { list.push(item); },
  });
  const map = defineMappingTag('tag:yaml.org,2002:map', {
    identify: () => false,
    create: (): Record<string, unknown> => ({}),
    addPair(carrier, key, value) {
      const name = keyString(key);
      if (name === '<<') decline('merge key');
      // An own property even for "__proto__", as the `yaml` library makes it; never the prototype.
      if (name === '__proto__') Object.defineProperty(carrier, name, { value, writable: true, enumerable: true, configurable: true });
      else carrier[name] = value;
      return '';
    },
    has: (carrier, key) => Object.prototype.hasOwnProperty.call(carrier, keyString(key)),
    keys: (result) => Object.keys(result),
    get: (result, key) => result[keyString(key)],
  });
  return new Schema([str, seq, map, plain]);
}

function keyString(key: unknown): string {
  if (key === null) return '';
  if (typeof key === 'object') return decline('a collection as a key');
  return String(key);
}

/**
 * The documents of `text` that are mappings, read by js-yaml (several times faster than the `yaml`
 * library, which matters for repositories of many small files), or undefined when the fast path
 * declines: any error, any alias, any directive, a document whose root is not a plain mapping (a scalar, a list,
 * an anchored or tagged root), or anything `createFastSchema` declines. The caller then parses
 * with the full parser, which has the final word on errors and on every unusual case.
 */
export function loadDocumentsFast(text: string, schema: Schema): FastDocument[] | undefined {
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(text, {});
    values = constructFromEvents(events, { source: text, schema, maxAliases: 0 });
  } catch {
    return undefined;
  }
  const roots: Event[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.type !== EVENT_ID.DOCUMENT) continue;
    if (event.directives.length > 0) return undefined; // %YAML 1.2 changes how `yaml` reads scalars; %TAG, tags
    roots.push(events[i + 1]);
  }
  if (roots.length !== values.length) return undefined;
  const out: FastDocument[] = [];
  const lines = lineCounter(text);
  for (let d = 0; d < values.length; d++) {
    const value = values[d];
    if (value === null || value === undefined) continue; // an empty document
    const root = roots[d];
    if (root?.type !== EVENT_ID.MAPPING || root.anchorStart !== -1 || root.tagStart !== -1) return undefined;
    out.push({ value: value as Record<string, unknown>, line: lines(root.start) });
  }
  return out;
}

/** Line (1-based) of an offset, for increasing offsets: one pass over the text in all. */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (let nl = text.indexOf('\n', at); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line += 1;
      at = nl + 1;
    }
    return line;
  };
}
