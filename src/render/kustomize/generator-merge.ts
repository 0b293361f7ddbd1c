import { RenderError } from '../../core/errors.js';
import { idString } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import { stringMap, type JsonObject, type Resource } from './resource.js';
import { compareKeys } from './yaml-emit.js';

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dataMap(obj: JsonObject, field: 'data' | 'binaryData'): Record<string, string> {
  const v = obj[field];
  return isMap(v) ? stringMap(v) : {};
}

function setDataMap(obj: JsonObject, field: 'data' | 'binaryData', m: Record<string, string>): void {
  delete obj[field];
  const keys = Object.keys(m).sort(compareKeys);
  if (keys.length === 0) return;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = m[k];
  obj[field] = out;
}

/** kustomize's CopyMergeMetaDataFieldsFrom: labels and annotations merged, name, namespace and bookkeeping from `old`. */
function copyMergeMetaData(next: Resource, old: Resource): void {
  next.setStringMap('labels', { ...stringMap(old.labels()), ...stringMap(next.labels()) });
  next.setStringMap('annotations', { ...stringMap(old.annotations()), ...stringMap(next.annotations()) });
  const needsHash = next.needsHash && old.needsHash;
  next.name = old.name;
  next.namespace = old.namespace;
  next.prev = old.prev.map((p) => ({ ...p }));
  next.prefixes = [...old.prefixes];
  next.suffixes = [...old.suffixes];
  next.behavior = old.generated ? old.behavior : 'unspecified';
  next.generated = old.generated;
  next.needsHash = needsHash;
  next.refVarNames = [...old.refVarNames];
}

/**
 * Adds a generated ConfigMap or Secret: a new id is appended; an existing one (by current or previous
 * id) must be merged into (`behavior: merge`, data combined) or replaced (`behavior: replace`).
 */
export function absorbGenerated(m: ResourceMap, res: Resource, file: string): void {
  const id = res.curId();
  const matches = m.byAnyId(id);
  if (matches.length === 0) {
    if (res.behavior === 'merge' || res.behavior === 'replace') {
      throw new RenderError(`${file}: id ${idString(id)} does not exist; cannot merge or replace`, { file });
    }
    m.append(res);
    return;
  }
  if (matches.length > 1) {
    throw new RenderError(
      `${file}: found multiple objects ${matches.map((r) => idString(r.curId())).join(', ')} that could accept merge of ${idString(id)}`,
      { file },
    );
  }
  const old = matches[0];
  if (res.behavior === 'replace') {
    copyMergeMetaData(res, old);
    res.origin ??= old.origin;
  } else if (res.behavior === 'merge') {
    copyMergeMetaData(res, old);
    if (old.origin) res.origin = old.origin;
    setDataMap(res.obj, 'data', { ...dataMap(old.obj, 'data'), ...dataMap(res.obj, 'data') });
    setDataMap(res.obj, 'binaryData', { ...dataMap(old.obj, 'binaryData'), ...dataMap(res.obj, 'binaryData') });
  } else {
    throw new RenderError(`${file}: id ${idString(id)} exists; behavior must be merge or replace`, { file, code: 'DuplicateObject' });
  }
  m.replaceAt(old, res);
}
