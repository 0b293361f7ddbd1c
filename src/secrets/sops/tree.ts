/**
 * A SOPS document as the stores read it and the cipher walks it: ordered mappings (branches) whose
 * items are key/value pairs or comments, lists, and scalar leaves. Comments keep their place, since
 * an encrypted comment is authenticated with the path of the mapping or list that holds it, and
 * order matters: the MAC hashes the leaves in document order.
 */
export type TreeScalar = string | number | bigint | boolean | null | Uint8Array;
export type TreeValue = TreeScalar | TreeBranch | TreeList;

export interface TreeComment {
  kind: 'comment';
  text: string;
  /** Written on the line of the item before it (`key: value # comment`). */
  inline?: boolean;
}

export interface TreeBranch {
  kind: 'branch';
  items: Array<{ key: string; value: TreeValue } | TreeComment>;
}

export interface TreeList {
  kind: 'list';
  items: Array<TreeValue | TreeComment>;
}

export function branch(items: TreeBranch['items'] = []): TreeBranch {
  return { kind: 'branch', items };
}

export function list(items: TreeList['items'] = []): TreeList {
  return { kind: 'list', items };
}

export function comment(text: string, inline = false): TreeComment {
  return inline ? { kind: 'comment', text, inline } : { kind: 'comment', text };
}

export function isComment(value: unknown): value is TreeComment {
  return typeof value === 'object' && value !== null && (value as TreeComment).kind === 'comment';
}

export function isBranch(value: unknown): value is TreeBranch {
  return typeof value === 'object' && value !== null && (value as TreeBranch).kind === 'branch';
}

export function isList(value: unknown): value is TreeList {
  return typeof value === 'object' && value !== null && (value as TreeList).kind === 'list';
}

/** The value of `key` in a branch (first match), or undefined. */
export function getKey(tree: TreeBranch, key: string): TreeValue | undefined {
  for (const item of tree.items) if (!isComment(item) && item.key === key) return item.value;
  return undefined;
}

/** Plain JavaScript values (comments dropped; bytes stay Uint8Array; big integers stay bigint). */
export function toPlain(value: TreeValue): unknown {
  if (isBranch(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value.items) if (!isComment(item)) out[item.key] = toPlain(item.value);
    return out;
  }
  if (isList(value)) return value.items.filter((v) => !isComment(v)).map((v) => toPlain(v as TreeValue));
  return value;
}

/** A tree from plain JavaScript values (mappings keep their key order). */
export function fromPlain(value: unknown): TreeValue {
  if (Array.isArray(value)) return list(value.map(fromPlain));
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object' && value !== null) return branch(Object.entries(value).map(([key, v]) => ({ key, value: fromPlain(v) })));
  if (value === undefined) return null;
  return value as TreeScalar;
}
