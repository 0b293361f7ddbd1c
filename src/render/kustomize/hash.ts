import { createHash } from 'node:crypto';
import { compareKeys } from './yaml-emit.js';

/** JSON as Go's encoding/json writes it: sorted keys, HTML-safe escapes, Go float formatting. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`json: unsupported value: ${value}`);
      return String(value).replace(/e([-+])(\d)$/, 'e$10$2');
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(compareKeys);
  return `{${keys.map((k) => `${goJson(k)}:${goJson(obj[k])}`).join(',')}}`;
}

/** kustomize's hash encoding: first 10 hex digits of sha256, with 0,1,3,a,e mapped to g,h,k,m,t. */
export function encodeHash(text: string): string {
  const hex = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 10);
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return hex.replace(/[013ae]/g, (c) => map[c]);
}

function field(obj: Record<string, unknown>, key: string): unknown {
  const v = obj[key];
  return v === undefined ? '' : v;
}

function isMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The name suffix kustomize gives a generated object: a hash of kind and data (and type for
 * Secrets), so that changing the content rolls out the objects that use it.
 */
export function contentHash(obj: Record<string, unknown>): string {
  // kustomize looks the name up as a single field literally called "metadata/name", which never
  // exists: the name does not take part in the hash.
  const name = '';
  if (obj.kind === 'ConfigMap') {
    const m: Record<string, unknown> = { kind: 'ConfigMap', name, data: field(obj, 'data') };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return encodeHash(goJson(m));
  }
  if (obj.kind === 'Secret') {
    const m: Record<string, unknown> = { kind: 'Secret', type: field(obj, 'type'), name, data: field(obj, 'data') };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return encodeHash(goJson(m));
  }
  return encodeHash(goJson(obj));
}
