/**
 * Strategic merge patch on JSON-like values, following kyaml's merge2 walker (what kustomize v5
 * uses): maps merge key by key, lists with an OpenAPI "merge" strategy merge element by element on
 * their merge keys (patch elements first, then the remaining original elements), other lists and
 * scalars are replaced, `null` removes, and `$patch: delete|replace|merge` directives apply to maps
 * and lists. Pure; the patch is consumed (directives are removed from it), so pass a copy.
 */
import { elementSchema, fieldSchema, hasMergeStrategy, type SchemaNode, type SchemaSet } from './openapi-schema.js';
import { scalarText, type JsonObject } from './resource.js';
import { isEmptyNull } from './yaml-io.js';

export class MergeError extends Error {}

type Dir = 'merge' | 'replace' | 'delete';
const REMOVE = Symbol('remove');
const KEEP_NULL = Symbol('keep-null');
type Out = unknown | typeof REMOVE | typeof KEEP_NULL;

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isMissingOrNull(v: unknown): boolean {
  return v === undefined || v === null;
}

function kindOf(v: unknown): 'map' | 'seq' | 'scalar' {
  return Array.isArray(v) ? 'seq' : isMap(v) ? 'map' : 'scalar';
}

function mapDirective(patch: JsonObject): Dir {
  if (!('$patch' in patch)) return 'merge';
  const v = patch.$patch;
  if (v === 'delete' || v === 'replace' || v === 'merge') {
    delete patch.$patch;
    return v;
  }
  throw new MergeError(`unknown patch strategy '${scalarText(v)}'`);
}

function seqDirective(patch: unknown[]): { dir: Dir; list: unknown[] } {
  const el = patch.find((e) => isMap(e) && '$patch' in e) as JsonObject | undefined;
  if (!el || Object.keys(el).length > 1) return { dir: 'merge', list: patch };
  const v = el.$patch;
  if (v === 'delete' || v === 'replace' || v === 'merge') {
    return { dir: v, list: elementSetter(patch, undefined, ['$patch'], [String(v)]) };
  }
  throw new MergeError(`unknown patch strategy '${scalarText(v)}'`);
}

/** Merges `patch` into `dest` (both top-level objects); returns undefined when the patch deletes it. */
export function strategicMerge(dest: JsonObject, patch: JsonObject, schemas: SchemaSet): JsonObject | undefined {
  const out = walk(dest, patch, undefined, schemas, []);
  if (out === REMOVE || out === undefined || out === null || out === KEEP_NULL) return undefined;
  return out as JsonObject;
}

function schemaFromSources(schemas: SchemaSet, sources: unknown[]): SchemaNode | undefined {
  for (const s of sources) {
    if (!isMap(s)) continue;
    if (typeof s.apiVersion === 'string' && typeof s.kind === 'string' && s.apiVersion && s.kind) {
      const found = schemas.forKind(s.apiVersion, s.kind);
      if (found) return found;
    }
  }
  return undefined;
}

function walk(dest: unknown, patch: unknown, schema: SchemaNode | undefined, schemas: SchemaSet, path: string[]): Out {
  const first = [dest, patch].find((s) => !isMissingOrNull(s));
  const kind = first === undefined ? 'map' : kindOf(first);
  for (const s of [dest, patch]) {
    if (!isMissingOrNull(s) && kindOf(s) !== kind) {
      throw new MergeError(
        `wrong node kind at '${path.join('.')}': expected ${kind === 'map' ? 'MappingNode' : kind === 'seq' ? 'SequenceNode' : 'ScalarNode'} but got ${kindOf(s) === 'map' ? 'MappingNode' : kindOf(s) === 'seq' ? 'SequenceNode' : 'ScalarNode'}`,
      );
    }
  }
  if (kind === 'map') return walkMap(dest, patch, schema ?? schemaFromSources(schemas, [dest, patch]), schemas, path);
  if (kind === 'seq') {
    if (hasMergeStrategy(schema)) return walkAssociative(dest, patch, schema!, schemas, path);
    return patch !== undefined ? patch : dest;
  }
  return patch !== undefined ? patch : dest;
}

function setField(target: JsonObject, key: string, value: Out): void {
  if (value === undefined || value === REMOVE || value === null) delete target[key];
  else if (value === KEEP_NULL) target[key] = null;
  else target[key] = value;
}

function walkMap(dest: unknown, patch: unknown, schema: SchemaNode | undefined, schemas: SchemaSet, path: string[]): Out {
  let target: unknown;
  if (isMissingOrNull(dest)) {
    if (isMap(patch) && mapDirective(patch) === 'delete') return REMOVE;
    if (patch === undefined && dest === null) return KEEP_NULL;
    target = patch;
  } else {
    if (patch === null) return REMOVE;
    const dir = isMap(patch) ? mapDirective(patch) : 'merge';
    if (dir === 'delete') return REMOVE;
    target = dir === 'replace' ? patch : dest;
  }
  if (!isMap(target)) return target === null ? REMOVE : target;
  const p = isMap(patch) ? patch : undefined;
  const keys = new Set(Object.keys(target));
  if (p && p !== target) for (const k of Object.keys(p)) keys.add(k);
  for (const key of [...keys].sort()) {
    if (target[key] === null && p?.[key] === undefined && isEmptyNull(target, key)) {
      delete target[key];
      continue;
    }
    const value = walk(target[key], p?.[key], fieldSchema(schemas, schema, key), schemas, [...path, key]);
    setField(target, key, value);
  }
  return target;
}

// ------------------------------------------------------------------------------------------------
// Associative lists.

function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return '';
  return scalarText(v);
}

/** The text of each key field of an element ("" when missing, null or empty). */
function keyValues(elem: unknown, keys: string[]): string[] {
  return keys.map((k) => {
    if (!isMap(elem)) return '';
    const v = elem[k];
    if (v === undefined || v === null) return '';
    if (Array.isArray(v) && v.length === 0) return '';
    if (isMap(v) && Object.keys(v).length === 0) return '';
    return valueText(v);
  });
}

/** FieldMatcher: `name` "" compares a scalar element; an empty value only requires the field. */
function fieldMatches(elem: unknown, name: string, value: string): boolean {
  if (elem === null || elem === undefined) return false;
  if (name === '') {
    if (typeof elem === 'object') throw new MergeError('wrong node kind: expected ScalarNode');
    return valueText(elem) === value;
  }
  if (!isMap(elem)) throw new MergeError('wrong node kind: expected MappingNode');
  if (!(name in elem)) return false;
  return value === '' ? true : valueText(elem[name]) === value;
}

/** kyaml's ElementSetter: replaces (or, with no element, removes) matching elements, else appends. */
function elementSetter(list: unknown[], element: unknown, keys: string[], values: string[]): unknown[] {
  if (keys.length === 0) keys = [''];
  const mappingSetter = keys[0] !== '' && values.length > 0 && values[0] !== '';
  const out: unknown[] = [];
  let matched = false;
  for (const elem of list) {
    if (elem === null || elem === undefined || (isMap(elem) && Object.keys(elem).length === 0)) continue;
    if (!isMap(elem) && mappingSetter) {
      out.push(elem);
      continue;
    }
    let found = true;
    for (let j = 0; j < keys.length; j++) {
      if (j < values.length && !fieldMatches(elem, keys[j], values[j])) {
        found = false;
        break;
      }
    }
    if (!found) {
      if (values.length > 0) out.push(elem);
      continue;
    }
    matched = true;
    if (element !== undefined) out.push(element);
  }
  if (element === undefined) return out;
  if (!matched) out.push(element);
  return out;
}

/** MatchElementList: the first element whose key fields have exactly these texts. */
function elementList(source: unknown, keys: string[], values: string[]): unknown {
  if (!Array.isArray(source)) return undefined;
  if (keys.length === 0 || keys[0] === '') {
    const v = values[0] ?? '';
    return source.find((e) => (typeof e === 'object' && e !== null ? '' : valueText(e)) === v);
  }
  return source.find((e) => isMap(e) && keys.every((k, i) => k in e && valueText(e[k]) === values[i]));
}

function validateKeys(valuesList: string[][], values: string[], keys: string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const vs of valuesList)
    vs.forEach((v, i) => {
      if (v !== '') valid.add(keys[i]);
    });
  if (valid.size === 0) return [keys, values];
  const vk = keys.filter((k) => valid.has(k));
  const vv = values.filter((v, i) => v !== '' || valid.has(keys[i]));
  return [vk, vv];
}

function matchValues(a: string[], b: string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const res: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      common = true;
      res.push(a[i]);
      continue;
    }
    if (a[i] !== '' && b[i] !== '') return undefined;
    res.push(a[i] !== '' ? a[i] : b[i]);
  }
  return common ? res : undefined;
}

function mergeValues(list: string[][]): string[][] {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      const m = matchValues(list[i], list[j]);
      if (m) {
        list[i] = m;
        list[j] = m;
      }
    }
  }
  return list;
}

function walkAssociative(dest: unknown, patch: unknown, schema: SchemaNode, schemas: SchemaSet, path: string[]): Out {
  let target: unknown;
  let p = patch;
  if (isMissingOrNull(dest)) {
    target = patch;
  } else if (patch === null) {
    return REMOVE;
  } else if (Array.isArray(patch)) {
    const { dir, list } = seqDirective(patch);
    p = list;
    if (dir === 'delete') return REMOVE;
    target = dir === 'replace' ? list : dest;
  } else {
    target = dest;
  }
  if (target === undefined) return undefined;
  if (!Array.isArray(target)) return target === null ? REMOVE : target;
  const sources: unknown[] = [target, p];
  const keys = schema.keys ?? [];
  // Patch elements first, then the original ones (kustomize merges with "prepend").
  const ordered = [p, target];
  let valuesList: string[][] = [];
  if (keys.length > 0) {
    const seen = new Set<string>();
    for (const src of ordered) {
      if (!Array.isArray(src)) continue;
      for (const e of src) {
        const vs = keyValues(e, keys);
        const id = JSON.stringify(vs);
        if (seen.has(id)) continue;
        seen.add(id);
        valuesList.push(vs);
      }
    }
    return setElements(valuesList, keys, target, sources, schema, schemas, path);
  }
  const seen = new Set<string>();
  for (const src of ordered) {
    if (!Array.isArray(src)) continue;
    for (const e of src) {
      const t = typeof e === 'object' && e !== null ? '' : valueText(e);
      if (seen.has(t)) continue;
      seen.add(t);
      valuesList.push([t]);
    }
  }
  valuesList = valuesList.length > 0 ? valuesList : [];
  return setElements(valuesList, [''], target, sources, schema, schemas, path);
}

function setElements(
  valuesList: string[][],
  keys: string[],
  dest: unknown[],
  sources: unknown[],
  schema: SchemaNode,
  schemas: SchemaSet,
  path: string[],
): Out {
  let items: unknown[] = [];
  const elemSchema = elementSchema(schemas, schema);
  if (keys.length > 1) valuesList = mergeValues(valuesList);
  let validKeys: string[] = [];
  let result = dest;
  for (const values of valuesList) {
    if (values.length === 0) continue;
    let validValues: string[];
    [validKeys, validValues] = validateKeys(valuesList, values, keys);
    const [k2, v2] = validateKeys([validValues], validValues, validKeys);
    const d = elementList(sources[0], k2, v2);
    const o = elementList(sources[1], k2, v2);
    const val = walk(d, o, elemSchema, schemas, path);
    if (val === undefined || val === null || val === REMOVE || val === KEEP_NULL || (isMap(val) && Object.keys(val).length === 0)) {
      result = elementSetter(result, undefined, validKeys, validValues);
      continue;
    }
    if (isMap(val)) {
      validKeys.forEach((k, i) => {
        if (!(k in val) && validValues[i] !== '') val[k] = validValues[i];
      });
    }
    items = elementSetter(items, val, validKeys, validValues);
  }
  if (valuesList.length > 0) {
    for (const elem of result) {
      if (validKeys[0] === '' || validKeys.length === 0) {
        const t = typeof elem === 'object' && elem !== null ? '' : valueText(elem);
        items = elementSetter(items, elem, [''], [t]);
        continue;
      }
      const v: string[] = [];
      let missing = false;
      for (const key of validKeys) {
        if (!isMap(elem) || elem[key] === undefined || elem[key] === null) {
          items.push(elem);
          missing = true;
          continue;
        }
        v.push(valueText(elem[key]));
      }
      if (missing && v.length === 0) continue;
      if (validKeys.length > 1) items = elementSetter(items, undefined, validKeys, v);
      items = elementSetter(items, elem, validKeys, v);
    }
    result = items;
  }
  return result.length === 0 && valuesList.length === 0 ? result : result;
}
