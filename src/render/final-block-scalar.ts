import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, visit } from 'yaml';

/**
 * go-yaml (what kubectl, kustomize and Argo CD read YAML with) gives a block scalar (`|`, `>`, with
 * clip or keep chomping) that ends the file without a final line break no trailing newline: there is
 * no line break to keep. The `yaml` library (and js-yaml) add one. This finds such a scalar: the path
 * (mapping keys, list indexes) from the last document's root to it, or undefined when the text has
 * none, which is nearly always known from the text's last characters alone.
 */
export function finalBlockScalarPath(text: string): Array<string | number> | undefined {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak === text.length - 1 || text.slice(lastBreak + 1).trim() === '') return undefined;
  if (!text.includes('|') && !text.includes('>')) return undefined;
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[list.length - 1];
  if (!doc || doc.errors.length > 0) return undefined;
  let found: Array<string | number> | undefined;
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (found || key === 'key' || (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED)) return;
      if (node.range?.[1] !== text.length) return;
      const header = /^[|>]([-+0-9]*)/.exec(text.slice(node.range[0]));
      if (!header || header[1].includes('-')) return; // strip chomping: no newline either way
      const path: Array<string | number> = [];
      for (let i = 1; i < ancestors.length; i++) {
        const parent = ancestors[i - 1];
        const child = ancestors[i];
        if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
        else if (isMap(parent) && isPair(child)) {
          if (!isScalar(child.key)) return;
          path.push(String(child.key.value));
        }
      }
      const parent = ancestors[ancestors.length - 1];
      if (isSeq(parent)) path.push(parent.items.indexOf(node as never));
      found = path;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Removes the trailing newline the `yaml` library gave the block scalar that ends `text` (see
 * finalBlockScalarPath) from `value`, the JS value of the text's last document. Returns `value`.
 */
export function trimFinalBlockScalar(text: string, value: unknown): unknown {
  const path = finalBlockScalarPath(text);
  if (!path || path.length === 0) {
    if (path && typeof value === 'string' && value.endsWith('\n')) return value.slice(0, -1);
    return value;
  }
  let parent: unknown = value;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return value;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (typeof parent !== 'object' || parent === null) return value;
  const holder = parent as Record<string | number, unknown>;
  const s = holder[last];
  if (typeof s === 'string' && s.endsWith('\n')) holder[last] = s.slice(0, -1);
  return value;
}
