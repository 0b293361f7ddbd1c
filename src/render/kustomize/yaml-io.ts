import { LineCounter, parseAllDocuments, type ScalarTag, type Tags } from 'yaml';
import { RenderError } from '../../core/errors.js';
import { trimFinalBlockScalar } from '../final-block-scalar.js';
import { MAX_ALIAS_COUNT } from '../parse-manifests.js';
import { chargeExpansion, expansionBudget } from '../yaml-expansion.js';
import { yamlErrorPlace } from '../yaml-error.js';
import { resolveGoPlain } from './yaml-scalars.js';

/** A parsed YAML document: its JSON-like value and the line it starts on. */
export interface ParsedDoc {
  value: unknown;
  line: number;
}

/** go-yaml v3 number typing for plain scalars (0777 octal, underscores, 0b/0o/0x, floats). */
const goNumberTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  format: 'GO',
  default: true,
  test: /^[-+.]?[0-9]/,
  resolve: (text: string) => resolveGoPlain(text).value,
};

/**
 * An empty value (`key:`) is null like `key: null`, but kustomize's strategic merge drops the former
 * and keeps the latter; parsing marks empty values so that the difference survives.
 */
const EMPTY = Object.freeze({ emptyNull: true });
let emptySeen = false;
const emptyNulls = new WeakMap<object, Set<string>>();

/** True when `parent[key]` was written as an empty value in the source YAML. */
export function isEmptyNull(parent: object, key: string): boolean {
  return emptyNulls.get(parent)?.has(key) ?? false;
}

function markEmpty(v: unknown): unknown {
  if (v === EMPTY) return null;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = markEmpty(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (o[k] === EMPTY) {
      o[k] = null;
      let set = emptyNulls.get(o);
      if (!set) emptyNulls.set(o, (set = new Set()));
      set.add(k);
    } else {
      markEmpty(o[k]);
    }
  }
  return o;
}

function goTags(tags: Tags): Tags {
  const kept = tags
    .filter((t) => {
      const tag = (t as ScalarTag).tag;
      if (tag === 'tag:yaml.org,2002:int') return false;
      if (tag === 'tag:yaml.org,2002:float') return (t as ScalarTag).test?.source.includes('inf') ?? false;
      return true;
    })
    .map((t) => {
      if ((t as ScalarTag).tag !== 'tag:yaml.org,2002:null') return t;
      return {
        ...(t as ScalarTag),
        resolve: (text: string) => {
          if (text !== '') return null;
          emptySeen = true;
          return EMPTY;
        },
      } as ScalarTag;
    });
  return [...kept, goNumberTag];
}

/**
 * Parses a multi-document YAML (or JSON) text the way kustomize reads it (go-yaml v3 scalar typing).
 * Aliases are expanded at most MAX_ALIAS_COUNT times per document, to at most what yaml-expansion.ts
 * allows a file (alias bombs and huge anchors repeated are refused), and the
 * result never shares objects between places. Errors name the file and line.
 */
export function parseYamlDocuments(text: string, file: string, options: { uniqueKeys?: boolean } = {}): ParsedDoc[] {
  const lineCounter = new LineCounter();
  emptySeen = false;
  const docs = parseAllDocuments(text, {
    schema: 'core',
    customTags: goTags,
    merge: true,
    lineCounter,
    prettyErrors: false,
    uniqueKeys: options.uniqueKeys ?? true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ParsedDoc[] = [];
  const mayAlias = text.includes('*');
  const budget = mayAlias ? expansionBudget(text.length) : undefined;
  const hasEmpty = emptySeen;
  for (const doc of list) {
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    const err = doc.errors[0];
    if (err) {
      const place = yamlErrorPlace(doc, err, lineCounter, line);
      throw new RenderError(`${file}:${place.line}: invalid YAML: ${place.message}`, { file, line: place.line });
    }
    if (doc.contents === null) {
      out.push({ value: null, line });
      continue;
    }
    if (budget) chargeExpansion(doc, budget, file, line);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`${file}:${line}: invalid YAML: ${message}`, { file, line, cause });
    }
    if (doc === list[list.length - 1]) value = trimFinalBlockScalar(text, value);
    out.push({ value: mayAlias ? deepCopy(value) : value, line });
  }
  if (hasEmpty) for (const d of out) d.value = markEmpty(d.value);
  return out;
}

/**
 * Parses a single-document YAML text (a kustomization, a config file); empty text gives null.
 * `uniqueKeys: false` lets a repeated key win, as kustomize's reader of kustomization files does.
 */
export function parseYamlDocument(text: string, file: string, options: { uniqueKeys?: boolean } = {}): unknown {
  const docs = parseYamlDocuments(text, file, options).filter((d) => d.value !== null);
  if (docs.length > 1) throw new RenderError(`${file}: expected one YAML document, found ${docs.length}`, { file });
  return docs[0]?.value ?? null;
}

/** A structural copy of a JSON-like value. */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if ((value as unknown) === EMPTY) return value;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = deepCopy((value as Record<string, unknown>)[key]);
  const empties = emptyNulls.get(value as object);
  if (empties) emptyNulls.set(out, new Set(empties));
  return out as T;
}
