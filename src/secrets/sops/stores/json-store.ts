import { isAlias, isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { branch, isBranch, isComment, isList, toPlain, type TreeBranch, type TreeValue } from '../tree.js';
import type { LoadedFile, SopsStore } from './store.js';

const MAX_DEPTH = 256;

/**
 * The JSON store: one document, key order kept (the MAC hashes leaves in file order, which a plain
 * `JSON.parse` would change for integer-like keys). Integers beyond 2^53 stay exact (bigint).
 */
export const jsonStore: SopsStore = {
  load(text: string): LoadedFile {
    const doc = parseDocument(text, { schema: 'json', intAsBigInt: true, uniqueKeys: true, prettyErrors: false });
    const problem = doc.errors[0];
    if (problem) throw new Error(`${lineOf(text, problem.pos[0])}${problem.message.split('\n')[0]}`);
    const contents = doc.contents as Node | null;
    if (!contents || !isMap(contents)) throw new Error('a JSON document must be an object');
    const tree = convert(contents, text, 0) as TreeBranch;
    return extractMetadata(tree);
  },

  emit(documents: TreeBranch[]): Uint8Array {
    return Buffer.from(`${stringify(documents[0] ?? branch(), '')}\n`, 'utf8');
  },

  emitEncrypted(documents: TreeBranch[], metadata: Record<string, unknown>): Uint8Array {
    const doc = documents[0] ?? branch();
    return Buffer.from(`${stringify(doc, '', metadata)}\n`, 'utf8');
  },
};

/** Takes the top-level `sops` key out of a JSON (or binary-store) document. */
export function extractMetadata(tree: TreeBranch): LoadedFile {
  const at = tree.items.findIndex((item) => !isComment(item) && item.key === 'sops');
  if (at === -1) return { documents: [tree], metadata: undefined };
  const item = tree.items[at] as { key: string; value: TreeValue };
  if (!isBranch(item.value)) throw new Error('the sops metadata is not an object');
  tree.items.splice(at, 1);
  return { documents: [tree], metadata: toPlain(item.value) as Record<string, unknown> };
}

function lineOf(text: string, offset: number | undefined): string {
  return offset === undefined ? '' : `line ${text.slice(0, offset).split('\n').length}: `;
}

function convert(node: Node, text: string, depth: number): TreeValue {
  if (depth > MAX_DEPTH) throw new Error(`${lineOf(text, node.range?.[0])}nested more than ${MAX_DEPTH} levels deep`);
  if (isAlias(node)) throw new Error(`${lineOf(text, node.range?.[0])}not JSON`);
  if (isMap(node)) {
    const items: TreeBranch['items'] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!key || !isScalar(key) || typeof key.value !== 'string')
        throw new Error(`${lineOf(text, key?.range?.[0])}object keys must be strings`);
      items.push({ key: key.value, value: pair.value ? convert(pair.value as Node, text, depth + 1) : null });
    }
    return { kind: 'branch', items };
  }
  if (isSeq(node)) return { kind: 'list', items: (node.items as Array<Node | null>).map((n) => (n ? convert(n, text, depth + 1) : null)) };
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  }
  throw new Error(`${lineOf(text, node.range?.[0])}unsupported JSON value`);
}

/** JSON text with the tree's key order, tab-indented as sops writes it; comments have no place in JSON. */
export function stringify(value: TreeValue, indent: string, extra?: Record<string, unknown>): string {
  const inner = `${indent}\t`;
  if (isBranch(value)) {
    const entries = value.items.filter((i) => !isComment(i)) as Array<{ key: string; value: TreeValue }>;
    const parts = entries.map((e) => `${inner}${JSON.stringify(e.key)}: ${stringify(e.value, inner)}`);
    if (extra) parts.push(`${inner}"sops": ${JSON.stringify(extra, null, '\t').replaceAll('\n', `\n${inner}`)}`);
    return parts.length ? `{\n${parts.join(',\n')}\n${indent}}` : '{}';
  }
  if (isList(value)) {
    const items = value.items.filter((i) => !isComment(i)) as TreeValue[];
    return items.length ? `[\n${items.map((v) => `${inner}${stringify(v, inner)}`).join(',\n')}\n${indent}]` : '[]';
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${value} cannot be written in JSON`);
  return JSON.stringify(value);
}
