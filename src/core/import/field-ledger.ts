import { isMapping } from '../application/field-checks.js';

/**
 * What became of one field of an imported object: `lost` (not carried over: the import is not
 * faithful), `changed` (carried over with a different meaning, said in the reason), or `ignored`
 * (state the API server or the other tool writes, such as `status` or `metadata.uid`: nothing to carry).
 */
export type FindingLevel = 'lost' | 'changed' | 'ignored';

export interface ImportFinding {
  /** The field's path in the input object: `spec.source.kustomize.images`, `spec.syncPolicy.syncOptions[2]`. */
  path: string;
  level: FindingLevel;
  reason: string;
}

type Mark = { level: 'carried' | 'visited' } | { level: FindingLevel; reason: string };

/** `spec` + `source` -> `spec.source`; keys that are not plain words are quoted: `metadata.annotations["a.io/b"]`. */
export function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * The account of every field of one input object. Converters mark the paths they carry over, lose,
 * change or ignore (a mark covers the field's whole subtree); `findings()` then walks the input and
 * reports every field no converter marked as lost, so an unknown field is never silently dropped.
 */
export class FieldLedger {
  private readonly marks = new Map<string, Mark>();

  constructor(readonly input: unknown) {}

  /** A known mapping or list: its own fields are accounted one by one (an unmarked one is unknown). */
  visit(path: string): void {
    if (!this.marks.has(path)) this.marks.set(path, { level: 'visited' });
  }

  carry(path: string): void {
    this.marks.set(path, { level: 'carried' });
  }

  lose(path: string, reason: string): void {
    this.marks.set(path, { level: 'lost', reason });
  }

  change(path: string, reason: string): void {
    this.marks.set(path, { level: 'changed', reason });
  }

  ignore(path: string, reason: string): void {
    this.marks.set(path, { level: 'ignored', reason });
  }

  /** Every field the converters marked as not carried, then every field no converter marked at all, in input order. */
  findings(): ImportFinding[] {
    const out: ImportFinding[] = [];
    const walk = (value: unknown, path: string): void => {
      const mark = this.marks.get(path);
      if (mark && mark.level !== 'visited') {
        if ('reason' in mark) out.push({ path, level: mark.level, reason: mark.reason });
        return;
      }
      const children = childrenOf(value);
      if (mark || (children.length > 0 && this.hasMarkBelow(path))) {
        for (const [key, child] of children) walk(child, pathOf(path, key));
        return;
      }
      out.push({ path: path || '(object)', level: 'lost', reason: 'unknown field: no Tideway equivalent is known to the importer' });
    };
    for (const [key, child] of childrenOf(this.input)) walk(child, pathOf('', key));
    return out;
  }

  private hasMarkBelow(path: string): boolean {
    for (const [key, mark] of this.marks) {
      if (
        mark.level !== 'visited' &&
        key.length > path.length &&
        key.startsWith(path) &&
        (path === '' || key[path.length] === '.' || key[path.length] === '[')
      )
        return true;
    }
    return false;
  }
}

function childrenOf(value: unknown): [string | number, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isMapping(value)) return Object.entries(value);
  return [];
}
