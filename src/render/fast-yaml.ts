import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { loadBlockDocuments } from './block-yaml.js';
import type { FastDocument } from './yaml-mapping.js';
import { decline, keyString, setKey } from './yaml-mapping.js';

/** How the full parser resolves a plain scalar: its YAML 1.1 scalar tags, in the order it tries them. */
export interface PlainScalarTag {
  test: RegExp;
  /** The JavaScript value of a scalar this tag's `test` matched. */
  resolve(source: string, onError: (message: string) => void): unknown;
}

/** Most plain scalars one resolver remembers (keys, kinds and versions repeat across files), and their longest: a few MiB at most. */
const MEMO_LIMIT = 20_000;
const MEMO_MAX_LENGTH = 64;

/**
 * How plain scalars resolve on the fast path: through the given tags (the `yaml` library's own, so
 * `yes`, `0755`, `1:20` or a timestamp give the same value), the first whose test matches, else the
 * text itself. Short scalars with primitive results are remembered; objects (a timestamp's Date)
 * never are, so no two documents share one.
 */
export function createPlainResolver(tags: PlainScalarTag[]): (source: string) => unknown {
  const onError = (message: string) => decline(message);
  const memo = new Map<string, unknown>();
  return (source) => {
    const known = memo.get(source);
    if (known !== undefined || memo.has(source)) return known;
    let value: unknown = source;
    for (const tag of tags) {
      if (!tag.test.test(source)) continue;
      value = tag.resolve(source, onError);
      break;
    }
    if (source.length <= MEMO_MAX_LENGTH && (value === null || typeof value !== 'object')) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(source, value);
    }
    return value;
  };
}

/** An open document, sequence or mapping while events are turned into values. */
type Frame =
  | { kind: 'document'; value: unknown; rootStart: number; rootIsMapping: boolean }
  | { kind: 'sequence'; value: unknown[] }
  | { kind: 'mapping'; value: Record<string, unknown>; key: string | undefined };

/**
 * The documents of `text` that are mappings, read by the block scanner (block-yaml.ts) or else from
 * js-yaml's parser events (both several times faster than the `yaml` library, which matters for
 * repositories of many small files), or undefined when both decline: any error, any anchor, alias,
 * tag or directive, a document whose root is not a mapping (a scalar, a list), a merge key (`<<`),
 * a collection or timestamp as a key, or a key that repeats (once written as the `yaml` library
 * writes keys: `null` as "", `1` as "1"). The caller then parses with the full parser, which has the
 * final word on errors and every unusual case.
 */
export function loadDocumentsFast(text: string, resolvePlain: (source: string) => unknown): FastDocument[] | undefined {
  return loadBlockDocuments(text, resolvePlain) ?? loadFromEvents(text, resolvePlain);
}

/** The documents, read from js-yaml's events: what the block scanner declined (see loadDocumentsFast). */
export function loadFromEvents(text: string, resolvePlain: (source: string) => unknown): FastDocument[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  try {
    return construct(events, text, resolvePlain);
  } catch {
    return undefined; // Declined, or anything unexpected: the `yaml` library decides
  }
}

/** Values from events: the few shapes manifests use, built directly; anything else declines. */
function construct(events: Event[], text: string, resolvePlain: (source: string) => unknown): FastDocument[] {
  const out: FastDocument[] = [];
  const lines = lineCounter(text);
  const stack: Frame[] = [];
  const add = (value: unknown, isCollection: boolean) => {
    const top = stack[stack.length - 1];
    if (top.kind === 'document') top.value = value;
    else if (top.kind === 'sequence') top.value.push(value);
    else if (top.key === undefined) {
      if (isCollection) decline('a collection as a key');
      top.key = keyString(value);
    } else {
      const { key, value: map } = top;
      top.key = undefined;
      setKey(map, key, value);
    }
  };
  const open = (event: { start: number; anchorStart: number; tagStart: number }, frame: Frame, isMapping: boolean) => {
    if (event.anchorStart !== -1 || event.tagStart !== -1) decline('anchor or tag');
    const top = stack[stack.length - 1];
    if (top?.kind === 'document' && top.rootStart === -1) {
      top.rootStart = event.start;
      top.rootIsMapping = isMapping;
    }
    stack.push(frame);
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        // %YAML 1.2 changes how `yaml` reads scalars; %TAG declares tags.
        if (event.directives.length > 0) decline('directive');
        stack.push({ kind: 'document', value: undefined, rootStart: -1, rootIsMapping: false });
        break;
      case EVENT_ID.SCALAR: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) decline('anchor or tag');
        const source = getScalarValue(text, event);
        add(event.style === SCALAR_STYLE.PLAIN ? resolvePlain(source) : source, false);
        break;
      }
      case EVENT_ID.SEQUENCE:
        open(event, { kind: 'sequence', value: [] }, false);
        break;
      case EVENT_ID.MAPPING:
        open(event, { kind: 'mapping', value: {}, key: undefined }, true);
        break;
      case EVENT_ID.ALIAS:
        decline('alias');
        break;
      case EVENT_ID.POP: {
        const frame = stack.pop()!;
        if (frame.kind !== 'document') {
          if (frame.kind === 'mapping' && frame.key !== undefined) decline('a key without a value');
          add(frame.value, true);
        } else if (frame.value !== null && frame.value !== undefined) {
          // else an empty document
          if (!frame.rootIsMapping) decline('a document that is not a mapping');
          out.push({ value: frame.value as Record<string, unknown>, line: lines(frame.rootStart) });
        }
        break;
      }
    }
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
