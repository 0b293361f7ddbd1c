import { RenderError } from '../../core/errors.js';
import { idKey, idString, type ResId } from './res-id.js';
import type { Resource } from './resource.js';

/**
 * The ordered set of resources being built. Lookups by current id or by any (current or previous)
 * id go through indexes rebuilt lazily after transformers mutate names (`invalidate`).
 */
export class ResourceMap {
  private list: Resource[] = [];
  private byCur?: Map<string, Resource[]>;
  private byAny?: Map<string, Resource[]>;

  get size(): number {
    return this.list.length;
  }

  resources(): Resource[] {
    return this.list;
  }

  /** Call after any change of names, namespaces, kinds or apiVersions. */
  invalidate(): void {
    this.byCur = undefined;
    this.byAny = undefined;
  }

  private curIndex(): Map<string, Resource[]> {
    if (!this.byCur) {
      const m = new Map<string, Resource[]>();
      for (const r of this.list) push(m, r.curKey(), r);
      this.byCur = m;
    }
    return this.byCur;
  }

  private anyIndex(): Map<string, Resource[]> {
    if (!this.byAny) {
      const m = new Map<string, Resource[]>();
      for (const r of this.list) for (const k of new Set(r.allKeys())) push(m, k, r);
      this.byAny = m;
    }
    return this.byAny;
  }

  /** Appends, refusing a second resource with the same current id. */
  append(r: Resource): void {
    const key = r.curKey();
    const cur = this.curIndex();
    if (cur.has(key)) {
      throw new RenderError(`may not add resource with an already registered id: ${idString(r.curId())} (from ${r.file})`, {
        file: r.file,
        code: 'DuplicateObject',
      });
    }
    this.list.push(r);
    push(cur, key, r);
    if (this.byAny) for (const k of new Set(r.allKeys())) push(this.byAny, k, r);
  }

  appendAll(rs: Iterable<Resource>): void {
    for (const r of rs) this.append(r);
  }

  /** Replaces the whole content (used by transformers that drop or reorder resources). */
  setAll(rs: Resource[]): void {
    this.list = rs;
    this.invalidate();
  }

  byCurrentId(id: ResId): Resource[] {
    return this.curIndex().get(idKey(id)) ?? [];
  }

  /** Resources whose current or any previous id equals `id`. */
  byAnyId(id: ResId): Resource[] {
    return this.anyIndex().get(idKey(id)) ?? [];
  }

  replaceAt(old: Resource, next: Resource): void {
    const i = this.list.indexOf(old);
    if (i < 0) throw new RenderError(`cannot find resource ${idString(old.curId())} to replace`, { file: old.file });
    this.list[i] = next;
    this.invalidate();
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
