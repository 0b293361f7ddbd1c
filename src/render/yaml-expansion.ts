import { isAlias, isCollection, isPair, isScalar, type Document, type Node } from 'yaml';
import { RenderError } from '../core/errors.js';

/**
 * Most bytes the documents of one YAML file may expand to through aliases. Without aliases a file
 * expands to its own size (bounded by the file size limit); each alias repeats its anchor's content,
 * so one anchor of 5 MB and 90 aliases would be 450 MB in memory and on the wire.
 */
export const MAX_EXPANDED_BYTES = 16 * 1024 * 1024;

/** What the documents of one file may still expand to; shared by the checks of its documents. */
export interface ExpansionBudget {
  limit: number;
  left: number;
}

/** The budget of a file of `textLength` characters: MAX_EXPANDED_BYTES, or twice the file when it is larger. */
export function expansionBudget(textLength: number): ExpansionBudget {
  const limit = Math.max(MAX_EXPANDED_BYTES, 2 * textLength);
  return { limit, left: limit };
}

/**
 * Refuses (InputTooLarge, naming the file and line) a document whose content, with every alias
 * counted as a copy of its anchor's content, takes more than the budget left for the file; takes
 * its size from the budget otherwise. A document without aliases costs one walk of its nodes, and
 * a file without any `*` is not walked at all (see `mayHaveAliases`). Sizes are the nodes' source
 * lengths: an estimate of the bytes the value takes as JSON. An alias to an anchor that contains it
 * (a cycle) is refused the same way.
 */
export function chargeExpansion(doc: Document.Parsed, budget: ExpansionBudget, file: string, line: number): void {
  const limit = budget.left;
  const sizes = new Map<Node, number>();
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  const tooLarge = (what: string) =>
    new RenderError(`${file}:${line}: YAML aliases ${what} beyond the ${budget.limit}-byte limit on what one file may expand to; refused`, {
      file,
      line,
      code: 'InputTooLarge',
    });

  const sizeOf = (node: unknown): number => {
    if (node === null || node === undefined) return 1;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) return 1; // an unknown anchor: the parser reports it
      if (open.has(target)) throw tooLarge('refer to their own anchor, which would expand without end,');
      return sizes.get(target) ?? 1;
    }
    const n = node as Node;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (n.anchor) anchors.set(n.anchor, n);
    let size = 1;
    if (isScalar(n)) {
      size += n.range ? n.range[1] - n.range[0] : String(n.value).length;
    } else if (isCollection(n)) {
      open.add(n);
      for (const item of n.items) {
        size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) + 1 : sizeOf(item);
        if (size > limit) throw tooLarge('expand this document');
      }
      open.delete(n);
    }
    sizes.set(n, size);
    return size;
  };
  const size = sizeOf(doc.contents);
  if (size > limit) throw tooLarge('expand this document');
  budget.left -= size;
}

/** Whether `text` may hold an alias (a `*`): only then does a document need `chargeExpansion`. */
export function mayHaveAliases(text: string): boolean {
  return text.includes('*');
}
