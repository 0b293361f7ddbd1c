import { LineCounter, parseAllDocuments, type Tags } from 'yaml';
import { RenderError } from '../core/errors.js';
import { isManifest, type RenderedObject } from '../core/model/manifest.js';

/** At most this many alias expansions per document: refuses "billion laughs" alias bombs. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Parses a YAML or JSON file holding one or several Kubernetes objects (documents, or `kind: List`
 * items). YAML 1.1 scalars, as kubectl reads them. Errors name the file and line.
 */
export function parseManifests(text: string, file: string): RenderedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', lineCounter, prettyErrors: false, uniqueKeys: true, customTags: floatsNeedDigits });
  const out: RenderedObject[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const startLine = lineCounter.linePos(doc.range?.[0] ?? 0).line;
    const firstError = doc.errors[0];
    if (firstError) {
      const line = firstError.linePos?.[0]?.line ?? (firstError.pos ? lineCounter.linePos(firstError.pos[0]).line : startLine);
      throw new RenderError(`${file}:${line}: invalid YAML: ${firstError.message.split('\n')[0]}`, { file, line });
    }
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`${file}:${startLine}: invalid YAML: ${message}`, { file, line: startLine, cause });
    }
    if (value === null || value === undefined) continue;
    const contentLine = lineCounter.linePos(doc.contents.range?.[0] ?? 0).line;
    for (const object of flattenList(value, file, contentLine)) out.push({ object, origin: { file, line: contentLine } });
  }
  return out;
}

function flattenList(value: unknown, file: string, line: number) {
  if (!isManifest(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      return v.items.map((item, i) => {
        if (!isManifest(item)) throw new RenderError(`${file}:${line}: items[${i}] is not a Kubernetes object (needs apiVersion, kind and metadata.name)`, { file, line });
        return item;
      });
    }
    throw new RenderError(`${file}:${line}: not a Kubernetes object (needs apiVersion, kind and metadata.name)`, { file, line });
  }
  return [value];
}

/** A float needs a digit; the yaml library's YAML 1.1 float tags also match `.`, `-.` or `e5`. */
const FLOAT_WITH_DIGIT = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/;

/**
 * The yaml library resolves digit-less scalars such as `.` and `e5` as NaN floats in YAML 1.1 (so
 * `path: .` became NaN); Kubernetes' parser reads them as strings, and so do we.
 */
function floatsNeedDigits(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:float' || !('test' in tag) || !tag.test) return tag;
    if (tag.format !== undefined && tag.format !== 'EXP') return tag; // sexagesimal floats need digits already
    if (tag.test.test('.nan')) return tag; // .nan, .inf
    return { ...tag, test: new RegExp(`(?=${FLOAT_WITH_DIGIT.source})${tag.test.source}`) };
  });
}
