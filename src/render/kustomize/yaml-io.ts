import { LineCounter, parseAllDocuments, type ScalarTag, type Tags } from 'yaml';
import { RenderError } from '../../core/errors.js';
import { MAX_ALIAS_COUNT } from '../parse-manifests.js';
import { isPlainSafeString, resolveGoPlain } from './yaml-scalars.js';

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
  const kept = tags.filter((t) => {
    const tag = (t as ScalarTag).tag;
    if (tag === 'tag:yaml.org,2002:int') return false;
    if (tag === 'tag:yaml.org,2002:float') return (t as ScalarTag).test?.source.includes('inf') ?? false;
    return true;
  }).map((t) => {
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
 * Aliases are expanded at most MAX_ALIAS_COUNT times per document (alias bombs are refused) and the
 * result never shares objects between places. Errors name the file and line.
 */
export function parseYamlDocuments(text: string, file: string, options: { uniqueKeys?: boolean } = {}): ParsedDoc[] {
  const lineCounter = new LineCounter();
  emptySeen = false;
  const docs = parseAllDocuments(text, {
    schema: 'core', customTags: goTags, merge: true, lineCounter, prettyErrors: false, uniqueKeys: options.uniqueKeys ?? true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ParsedDoc[] = [];
  const mayAlias = text.includes('*');
  const hasEmpty = emptySeen;
  for (const doc of list) {
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    const err = doc.errors[0];
    if (err) {
      const errLine = err.linePos?.[0]?.line ?? line;
      throw new RenderError(`${file}:${errLine}: invalid YAML: ${err.message.split('\n')[0]}`, { file, line: errLine });
    }
    if (doc.contents === null) {
      out.push({ value: null, line });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`${file}:${line}: invalid YAML: ${message}`, { file, line, cause });
    }
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

// ---------------------------------------------------------------------------------------------
// Emitting: block-style YAML with sorted keys, as kustomize prints (JSON -> go-yaml v2).

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const s = String(n);
  // Go prints exponents with at least two digits (1e-07).
  return s.replace(/e([-+])(\d)$/, 'e$10$2');
}

function quote(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function canUseLiteral(text: string): boolean {
  if (!text.includes('\n') || /\n\n$/.test(text) || /^\s/.test(text)) return false;
  return !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\r]/.test(text);
}

function literal(text: string, indent: string): string {
  const keep = text.endsWith('\n');
  const lines = (keep ? text.slice(0, -1) : text).split('\n');
  return `|${keep ? '' : '-'}\n` + lines.map((l) => (l === '' ? '' : indent + l)).join('\n');
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'bigint') return value.toString();
  const text = String(value);
  if (isPlainSafeString(text)) return text;
  if (canUseLiteral(text)) return literal(text, indent);
  return quote(text);
}

const keyCache = new Map<string, string>();

function keyText(key: string): string {
  let t = keyCache.get(key);
  if (t === undefined) {
    t = isPlainSafeString(key) ? key : quote(key);
    if (keyCache.size < 10000) keyCache.set(key, t);
  }
  return t;
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

function emitNode(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && !isEmptyCollection(item)) {
        const inner: string[] = [];
        emitNode(item, indent + '  ', inner);
        // First line of the item shares the "- " marker.
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        out.push(...inner);
      } else {
        out.push(`${indent}- ${inlineValue(item, indent + '  ')}`);
      }
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj).sort(compareKeys)) {
    const v = obj[key];
    const k = keyText(key);
    if (typeof v === 'object' && v !== null && !isEmptyCollection(v)) {
      out.push(`${indent}${k}:`);
      emitNode(v, Array.isArray(v) ? indent : indent + '  ', out);
    } else {
      out.push(`${indent}${k}: ${inlineValue(v, indent + '  ')}`);
    }
  }
}

function inlineValue(v: unknown, indent: string): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v !== null) return '{}';
  return scalar(v, indent);
}

/** Byte-wise (UTF-8 order) comparison, as Go sorts map keys. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : 1;
}

/** One YAML document (no leading `---`), ending with a newline. */
export function emitYamlDocument(value: unknown): string {
  if (typeof value !== 'object' || value === null || isEmptyCollection(value)) return inlineValue(value, '') + '\n';
  const out: string[] = [];
  emitNode(value, '', out);
  return out.join('\n') + '\n';
}
