import {
  LineCounter,
  isScalar,
  parseAllDocuments,
  parseDocument,
  type DocumentOptions,
  type ParseOptions,
  type ScalarTag,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import { RenderError } from '../core/errors.js';
import { isManifest, type RenderedObject } from '../core/model/manifest.js';
import { createPlainResolver, loadDocumentsFast, type PlainScalarTag } from './fast-yaml.js';
import { chargeExpansion, expansionBudget, mayHaveAliases } from './yaml-expansion.js';
import { trimFinalBlockScalar } from './final-block-scalar.js';
import { yamlErrorPlace } from './yaml-error.js';

/** At most this many alias expansions per document: refuses "billion laughs" alias bombs (and yaml-expansion.ts bounds the bytes). */
export const MAX_ALIAS_COUNT = 100;

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  prettyErrors: false,
  uniqueKeys: true,
  customTags: floatsNeedDigits,
};

/**
 * Parses a YAML or JSON file holding one or several Kubernetes objects (documents, or `kind: List`
 * items). YAML 1.1 scalars, as kubectl reads them. Errors name the file and line.
 *
 * Most files are read from js-yaml's parser events, with plain scalars resolved by the `yaml`
 * library's own YAML 1.1 tags (see fast-yaml.ts): the same objects, several times faster. Whatever that path declines (errors,
 * aliases, tags, merge keys, objects that are not manifests) is parsed by the `yaml` library, which
 * has the final word.
 */
export function parseManifests(text: string, file: string): RenderedObject[] {
  if (YAML_ONLY) return parseWithYaml(text, file);
  return parseFast(text, file) ?? parseWithYaml(text, file);
}

/** For bench/yaml-fast-path.bench.ts only: parse every file with the `yaml` library alone. */
const YAML_ONLY = process.env.TIDEWAY_BENCH_YAML_ONLY === '1';

/** The fast path: the objects, or undefined when it declines and the `yaml` library must decide. */
export function parseFast(text: string, file: string): RenderedObject[] | undefined {
  const docs = loadDocumentsFast(text, plainResolver());
  if (!docs?.every((d) => isManifest(d.value) || isManifestList(d.value))) return undefined;
  if (docs.length > 0) trimFinalBlockScalar(text, docs[docs.length - 1].value); // in place: the value is a mapping
  return docs.flatMap((d) => flattenList(d.value, file, d.line).map((object) => ({ object, origin: { file, line: d.line } })));
}

/**
 * The one document of a YAML file that is not a manifest (a kubeconfig), read as kubectl reads YAML
 * (1.1 scalars: `yes` is true): the fast path when it can, else the `yaml` library, whose error is
 * thrown as it comes. An empty file is null.
 */
export function parseKubectlYaml(text: string): unknown {
  const fast = loadDocumentsFast(text, plainResolver());
  if (fast?.length === 1) return fast[0].value;
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors[0]) throw doc.errors[0];
  if (mayHaveAliases(text)) chargeExpansion(doc, expansionBudget(text.length), 'the document', 1);
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** The `yaml` library's path: every error and unusual case, and the reference the fast path is tested against. */
export function parseWithYaml(text: string, file: string): RenderedObject[] {
  return readWithYaml(text, file).flatMap(({ value, line }) =>
    flattenList(value, file, line).map((object) => ({ object, origin: { file, line } })),
  );
}

/** Each document's value (empty ones left out) and the line where its content starts, read by the `yaml` library; errors name the file and line. */
export function readWithYaml(text: string, file: string): Array<{ value: unknown; line: number }> {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  const out: Array<{ value: unknown; line: number }> = [];
  const list = Array.isArray(docs) ? docs : [docs];
  const budget = mayHaveAliases(text) ? expansionBudget(text.length) : undefined;
  for (const doc of list) {
    const startLine = lineCounter.linePos(doc.range?.[0] ?? 0).line;
    const firstError = doc.errors[0];
    if (firstError) {
      const { line, message } = yamlErrorPlace(doc, firstError, lineCounter, startLine);
      throw new RenderError(`${file}:${line}: invalid YAML: ${message}`, { file, line });
    }
    if (doc.contents === null) continue;
    if (budget) chargeExpansion(doc, budget, file, lineCounter.linePos(doc.contents.range?.[0] ?? 0).line);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`${file}:${startLine}: invalid YAML: ${message}`, { file, line: startLine, cause });
    }
    if (value === null || value === undefined) continue;
    if (doc === list[list.length - 1]) value = trimFinalBlockScalar(text, value);
    out.push({ value, line: lineCounter.linePos(doc.contents.range?.[0] ?? 0).line });
  }
  return out;
}

let resolver: ((source: string) => unknown) | undefined;

/** The fast path's plain scalars, resolved by the scalar tags the `yaml` library uses with YAML_OPTIONS (in its order). */
export function plainResolver(): (source: string) => unknown {
  if (resolver) return resolver;
  const tags: PlainScalarTag[] = [];
  for (const tag of parseDocument('', YAML_OPTIONS).schema.tags) {
    if (tag.default !== true || !('test' in tag) || !(tag.test instanceof RegExp) || ('collection' in tag && tag.collection)) continue;
    const scalarTag = tag as ScalarTag;
    tags.push({
      test: tag.test,
      // As composeScalar then toJS do: a resolver may return a Scalar node, whose value is the result.
      resolve: (source, onError) => {
        const value = scalarTag.resolve(source, onError, YAML_OPTIONS);
        return isScalar(value) ? value.value : value;
      },
    });
  }
  resolver = createPlainResolver(tags);
  return resolver;
}

function isManifestList(value: unknown): boolean {
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items) && v.items.every(isManifest);
}

function flattenList(value: unknown, file: string, line: number) {
  if (!isManifest(value)) {
    const v = value as Record<string, unknown>;
    if (
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof v.kind === 'string' &&
      v.kind.endsWith('List') &&
      Array.isArray(v.items)
    ) {
      return v.items.map((item, i) => {
        if (!isManifest(item))
          throw new RenderError(`${file}:${line}: items[${i}] is not a Kubernetes object (needs apiVersion, kind and metadata.name)`, {
            file,
            line,
          });
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
