import { createHash } from 'node:crypto';
import { decryptValue, isEncryptedValue, type DecryptFailure } from './encrypted-value.js';
import type { RuleCheck } from './encryption-rule.js';
import { goBytesOf } from './go-scalars.js';
import { comment, isBranch, isComment, isList, type TreeBranch, type TreeValue } from './tree.js';

/** getsops/sops `sops.go` `MACOnlyEncryptedInitialization`: seeds the hash when `mac_only_encrypted` is set. */
const MAC_ONLY_ENCRYPTED_SEED = Buffer.from([
  0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b, 0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72,
  0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
]);

/** Where a leaf sits: mapping keys and list indexes from the document root. */
export type LeafPath = Array<string | number>;

export interface DecryptedTree {
  documents: TreeBranch[];
  /** Per document, the paths of the values that were decrypted (to mask them wherever they are shown). */
  decryptedPaths: LeafPath[][];
  /** The MAC recomputed over the plaintext (upper-case hex SHA-512), to compare with the file's. */
  mac: string;
}

/** A value that could not be decrypted; `path` is dotted (`stringData.key`), for the message. */
export class LeafError extends Error {
  constructor(
    readonly path: string,
    readonly reason: DecryptFailure | 'not-encrypted' | 'not-a-string' | 'non-string-key',
  ) {
    super(reason);
  }
}

/**
 * Decrypts every encrypted leaf and comment of the documents with the data key, each with its path as
 * additional authenticated data (`a:b:`, list indexes left out, as getsops/sops `Tree.Decrypt`), and
 * recomputes the MAC over every leaf in document order. Returns new documents; throws LeafError.
 */
export function decryptTree(documents: TreeBranch[], key: Uint8Array, rule: RuleCheck, macOnlyEncrypted: boolean): DecryptedTree {
  const hash = createHash('sha512');
  if (macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_SEED);
  const decryptedPaths: LeafPath[][] = [];
  const out: TreeBranch[] = [];
  for (const doc of documents) {
    const paths: LeafPath[] = [];
    const collections = collectionPaths(doc);
    const walk = (value: TreeValue, keys: string[], full: LeafPath): TreeValue => {
      if (isBranch(value)) {
        const items: TreeBranch['items'] = [];
        for (const item of value.items) {
          if (isComment(item)) items.push(decryptComment(item.text, item.inline, keys, collections, key));
          else items.push({ key: item.key, value: walk(item.value, [...keys, item.key], [...full, item.key]) });
        }
        return { kind: 'branch', items };
      }
      if (isList(value)) {
        let index = 0;
        return {
          kind: 'list',
          items: value.items.map((item) =>
            isComment(item) ? decryptComment(item.text, item.inline, keys, collections, key) : walk(item, keys, [...full, index++]),
          ),
        };
      }
      if (value === null) return null; // null leaves are neither encrypted nor hashed
      const where = () => full.join('.');
      const decision = rule(keys);
      const encrypted = decision === 'encrypted' || (decision === 'by-shape' && isEncryptedValue(value));
      let plain: TreeValue = value;
      if (encrypted) {
        if (typeof value !== 'string') throw new LeafError(where(), 'not-a-string');
        if (value !== '') {
          if (!isEncryptedValue(value)) throw new LeafError(where(), 'not-encrypted');
          const result = decryptValue(value, key, `${keys.join(':')}:`);
          if ('failure' in result) throw new LeafError(where(), result.failure);
          plain = result.value;
          paths.push(full);
        }
      }
      if (!macOnlyEncrypted || encrypted) hash.update(goBytesOf(plain as string | number | bigint | boolean | Uint8Array));
      return plain;
    };
    out.push(walk(doc, [], []) as TreeBranch);
    decryptedPaths.push(paths);
  }
  return { documents: out, decryptedPaths, mac: hash.digest('hex').toUpperCase() };
}

/**
 * An encrypted comment is authenticated with the path of the mapping or list holding it. YAML
 * libraries attach a comment between two blocks to one or the other, so the paths of the enclosing
 * collection, its ancestors, then every collection of the document are tried: the first that
 * authenticates is the comment's place. A comment that is not encrypted, or that no path
 * authenticates, stays as written (as sops leaves comments it cannot decrypt).
 */
function decryptComment(text: string, inline: boolean | undefined, keys: string[], collections: string[], key: Uint8Array) {
  if (!isEncryptedValue(text.trim())) return comment(text, inline);
  const own: string[] = [];
  for (let n = keys.length; n >= 0; n--) own.push(`${keys.slice(0, n).join(':')}:`);
  for (const aad of [...own, ...collections]) {
    const result = decryptValue(text.trim(), key, aad);
    if (!('failure' in result) && typeof result.value === 'string') return comment(result.value, inline);
  }
  return comment(text, inline);
}

/** The AAD of every mapping and list of a document (bounded). */
function collectionPaths(doc: TreeBranch): string[] {
  const out = new Set<string>();
  const visit = (value: TreeValue, keys: string[]) => {
    if (out.size >= 10_000) return;
    if (isBranch(value)) {
      out.add(`${keys.join(':')}:`);
      for (const item of value.items) if (!isComment(item)) visit(item.value, [...keys, item.key]);
    } else if (isList(value)) {
      out.add(`${keys.join(':')}:`);
      for (const item of value.items) if (!isComment(item)) visit(item, keys);
    }
  };
  visit(doc, []);
  return [...out];
}
