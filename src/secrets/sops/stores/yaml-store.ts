import { Document, isAlias, isMap, isScalar, isSeq, type Node, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { branch, comment, isBranch, isComment, isList, list, toPlain, type TreeBranch, type TreeValue } from '../tree.js';
import type { LoadedFile, SopsStore } from './store.js';

const MAX_DEPTH = 256;
/** Bounds what aliases can expand to (a "billion laughs" file). */
const MAX_NODES = 1_000_000;

/**
 * The YAML store: one tree per document, comments kept in place (go-yaml's head, line and foot
 * comments, as getsops/sops `stores/yaml/store.go` reads them), aliases expanded, `<<` an ordinary key.
 */
export const yamlStore: SopsStore = {
  load(text: string): LoadedFile {
    const docs = parseAllDocuments(text, { intAsBigInt: true, uniqueKeys: true, merge: false, prettyErrors: false });
    if (!Array.isArray(docs)) return { documents: [], metadata: undefined };
    const documents: TreeBranch[] = [];
    let metadata: Record<string, unknown> | undefined;
    const budget = { nodes: 0 };
    for (const doc of docs) {
      const problem = doc.errors[0];
      if (problem) throw new Error(`${describePosition(text, problem.pos[0])}${problem.message.split('\n')[0]}`);
      const tree = branch();
      addComments(tree.items, doc.commentBefore);
      const contents = doc.contents as Node | null;
      if (contents !== null && !(isScalar(contents) && contents.value === null)) {
        const root = isAlias(contents) ? (contents.resolve(doc) as Node | undefined) : contents;
        if (!isMap(root)) throw new Error(`${describePosition(text, contents.range?.[0])}a YAML document must be a mapping`);
        const value = convert(root, doc, text, 0, budget) as TreeBranch;
        tree.items.push(...value.items);
      }
      addComments(tree.items, doc.comment);
      const at = tree.items.findIndex((item) => !isComment(item) && item.key === 'sops');
      if (at !== -1) {
        const item = tree.items[at] as { key: string; value: TreeValue };
        if (documents.length === 0 && metadata === undefined) {
          if (!isBranch(item.value)) throw new Error('the sops metadata is not a mapping');
          metadata = toPlain(item.value) as Record<string, unknown>;
        }
        tree.items.splice(at, 1);
      }
      documents.push(tree);
    }
    return { documents, metadata };
  },

  emit(documents: TreeBranch[]): Uint8Array {
    return Buffer.from(documents.map((d) => documentOf(d).toString({ lineWidth: 0 })).join('---\n'), 'utf8');
  },

  emitEncrypted(documents: TreeBranch[], metadata: Record<string, unknown>): Uint8Array {
    const withMeta = documents.map((d, i) => (i === 0 ? branch([...d.items, { key: 'sops', value: fromMetadata(metadata) }]) : d));
    return this.emit(withMeta);
  },
};

function fromMetadata(value: unknown): TreeValue {
  if (Array.isArray(value)) return list(value.map(fromMetadata));
  if (typeof value === 'object' && value !== null)
    return branch(Object.entries(value).map(([key, v]) => ({ key, value: fromMetadata(v) })));
  return value as TreeValue;
}

function describePosition(text: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const line = text.slice(0, offset).split('\n').length;
  return `line ${line}: `;
}

function addComments(items: Array<unknown>, text: string | null | undefined, inline = false): void {
  if (!text) return;
  for (const line of text.split('\n')) if (line !== '') items.push(comment(line, inline));
}

function convert(node: Node, doc: Document.Parsed, text: string, depth: number, budget: { nodes: number }): TreeValue {
  if (++budget.nodes > MAX_NODES) throw new Error(`more than ${MAX_NODES} values (aliases included)`);
  if (depth > MAX_DEPTH) throw new Error(`${describePosition(text, node.range?.[0])}nested more than ${MAX_DEPTH} levels deep`);
  if (isAlias(node)) {
    const target = node.resolve(doc) as Node | undefined;
    if (!target) throw new Error(`${describePosition(text, node.range?.[0])}unknown alias *${node.source}`);
    return convert(target, doc, text, depth + 1, budget);
  }
  if (isMap(node)) {
    const items: TreeBranch['items'] = [];
    addComments(items, node.commentBefore);
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (key && !isScalar(key)) throw new Error(`${describePosition(text, key.range?.[0])}mapping keys must be strings`);
      const keyValue = key ? key.value : null;
      if (typeof keyValue !== 'string')
        throw new Error(`${describePosition(text, key?.range?.[0])}mapping key ${String(keyValue)} is not a string`);
      addComments(items, key?.commentBefore);
      const value = pair.value as Node | null;
      const scalarValue = !value || isScalar(value) || isAlias(value);
      if (value && scalarValue) addComments(items, value.commentBefore);
      items.push({ key: keyValue, value: value ? convert(value, doc, text, depth + 1, budget) : null });
      if (value && scalarValue) addComments(items, value.comment, true);
      addComments(items, key?.comment, true);
    }
    addComments(items, node.comment);
    return { kind: 'branch', items };
  }
  if (isSeq(node)) {
    const items: Array<TreeValue | ReturnType<typeof comment>> = [];
    addComments(items, node.commentBefore);
    for (const item of node.items as Array<Node | null>) {
      if (!item) {
        items.push(null);
        continue;
      }
      const scalarItem = isScalar(item) || isAlias(item);
      if (scalarItem) addComments(items, item.commentBefore);
      items.push(convert(item, doc, text, depth + 1, budget));
      if (scalarItem) addComments(items, item.comment, true);
    }
    addComments(items, node.comment);
    return { kind: 'list', items };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    if (v instanceof Uint8Array) return v;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    return String(v);
  }
  throw new Error(`${describePosition(text, (node as Node).range?.[0])}unsupported YAML node`);
}

/** A YAML document for a tree, its comments written back where they were read. */
function documentOf(tree: TreeBranch): Document {
  const doc = new Document();
  doc.contents = toNode(tree) as YAMLMap;
  return doc;
}

function toNode(value: TreeValue): Node {
  if (isBranch(value)) {
    const map = new YAMLMap();
    let pending: string[] = [];
    for (const item of value.items) {
      if (isComment(item)) {
        const last = map.items[map.items.length - 1] as Pair<Node, Node> | undefined;
        if (item.inline && last && isScalar(last.value)) last.value.comment = joinComment(last.value.comment, item.text);
        else pending.push(item.text);
        continue;
      }
      const key = new Scalar(item.key);
      if (pending.length) key.commentBefore = pending.join('\n');
      pending = [];
      map.items.push(new Pair(key, toNode(item.value)));
    }
    if (pending.length) map.comment = pending.join('\n');
    return map;
  }
  if (isList(value)) {
    const seq = new YAMLSeq();
    let pending: string[] = [];
    for (const item of value.items) {
      if (isComment(item)) {
        const last = seq.items[seq.items.length - 1] as Node | undefined;
        if (item.inline && last && isScalar(last)) last.comment = joinComment(last.comment, item.text);
        else pending.push(item.text);
        continue;
      }
      const node = toNode(item);
      if (pending.length) node.commentBefore = joinComment(node.commentBefore, pending.join('\n'));
      pending = [];
      seq.items.push(node);
    }
    if (pending.length) seq.comment = pending.join('\n');
    return seq;
  }
  if (value instanceof Uint8Array) return new Scalar(Buffer.from(value).toString('utf8'));
  return new Scalar(value);
}

function joinComment(existing: string | null | undefined, text: string): string {
  return existing ? `${existing}\n${text}` : text;
}
