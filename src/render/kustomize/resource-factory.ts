import { RenderError } from '../../core/errors.js';
import { Resource, type JsonObject } from './resource.js';
import { deepCopy, parseYamlDocuments } from './yaml-io.js';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validated(obj: JsonObject, file: string, line: number): JsonObject {
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    throw new RenderError(`${file}:${line}: missing kind in object`, { file, line });
  }
  const md = obj.metadata;
  const name = isObject(md) ? md.name : undefined;
  if (!obj.kind.endsWith('List') && (typeof name !== 'string' || name === '')) {
    throw new RenderError(`${file}:${line}: missing metadata.name in object of kind ${obj.kind}`, { file, line });
  }
  return obj;
}

/**
 * Turns the text of a resource (or patch) file into objects: empty documents are skipped, `*List`
 * kinds with `items` are expanded into their items, and every object needs a kind and a name.
 */
export function parseObjects(text: string, file: string): JsonObject[] {
  const out: JsonObject[] = [];
  const queue: { value: unknown; line: number }[] = parseYamlDocuments(text, file);
  while (queue.length > 0) {
    const { value, line } = queue.shift()!;
    if (value === null || value === undefined) continue;
    if (!isObject(value))
      throw new RenderError(
        `${file}:${line}: expected a Kubernetes object (a mapping), found ${Array.isArray(value) ? 'a list' : typeof value}`,
        { file, line },
      );
    if (Object.keys(value).length === 0) continue;
    const obj = validated(value, file, line);
    if ((obj.kind as string).endsWith('List') && 'items' in obj) {
      const items = obj.items;
      if (items === null || items === undefined) continue;
      if (!Array.isArray(items)) throw new RenderError(`${file}:${line}: expected array in ${obj.kind}/items`, { file, line });
      for (const item of items) {
        if (item === null) continue;
        queue.push({ value: deepCopy(item), line });
      }
      continue;
    }
    out.push(obj);
  }
  return out;
}

export function parseResources(text: string, file: string): Resource[] {
  return parseObjects(text, file).map((o) => new Resource(o, file));
}
