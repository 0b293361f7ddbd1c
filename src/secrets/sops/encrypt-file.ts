import { createHash, randomBytes } from 'node:crypto';
import { encryptValue } from './encrypted-value.js';
import { goRegExp } from './encryption-rule.js';
import { goBytesOf } from './go-scalars.js';
import type { EncryptionRule } from './metadata.js';
import { splitSecret } from './shamir.js';
import { STORES, type SopsFormat } from './stores/index.js';
import { comment, fromPlain, isBranch, isComment, isList, type TreeBranch, type TreeValue } from './tree.js';

/**
 * Encrypts documents as sops 3.x does: a random data key, every value with AES-256-GCM and its path
 * as authenticated data (except what the rule leaves in clear), the MAC over the plaintext, the data
 * key wrapped for each recipient. `tideway sops encrypt` uses it; so do the tests, with wrappers that
 * call the real `age` and `gpg` tools.
 */
export interface EncryptSopsOptions {
  format: SopsFormat;
  /** Plain values (one per YAML document) or trees (to place comments). */
  documents: Array<TreeBranch | Record<string, unknown>>;
  /** Key groups: each a list of data-key wrappers. One group: any recipient gives the key. */
  groups: DataKeyWrapper[][];
  rule?: EncryptionRule;
  macOnlyEncrypted?: boolean;
  lastModified?: string;
  /** Fixes the data key (default random). */
  dataKey?: Uint8Array;
}

/** Wraps (a share of) the data key for one recipient; returns its metadata entry. */
export interface DataKeyWrapper {
  kind: 'age' | 'pgp';
  wrap(secret: Uint8Array): Promise<Record<string, string>>;
}

const MAC_ONLY_ENCRYPTED_SEED = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');

export async function encryptSopsFile(options: EncryptSopsOptions): Promise<Uint8Array> {
  const dataKey = options.dataKey ?? randomBytes(32);
  const rule = options.rule ?? { kind: 'unencrypted_suffix', value: '_unencrypted' };
  const documents = options.documents.map((d) => (isBranch(d) ? d : (fromPlain(d) as TreeBranch)));
  const hash = createHash('sha512');
  if (options.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_SEED);
  const encrypted = documents.map((d) => encryptBranch(d, [], [], dataKey, rule, hash, !!options.macOnlyEncrypted));
  const lastModified = options.lastModified ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const mac = encryptValue(hash.digest('hex').toUpperCase(), dataKey, lastModified);
  const metadata: Record<string, unknown> = {};
  const groups = options.groups;
  const shares = groups.length > 1 ? splitSecret(dataKey, groups.length, groups.length) : [dataKey];
  const entries = async (wrappers: DataKeyWrapper[], secret: Uint8Array) => {
    const out: Record<string, Array<Record<string, string>>> = {};
    for (const w of wrappers) (out[w.kind] ??= []).push(await w.wrap(secret));
    return out;
  };
  if (groups.length > 1) {
    metadata.key_groups = await Promise.all(groups.map((g, i) => entries(g, shares[i])));
    metadata.shamir_threshold = groups.length;
  } else Object.assign(metadata, await entries(groups[0] ?? [], dataKey));
  metadata.lastmodified = lastModified;
  metadata.mac = mac;
  if (options.macOnlyEncrypted) metadata.mac_only_encrypted = true;
  metadata[rule.kind] = rule.value;
  metadata.version = '3.9.0';
  return STORES[options.format].emitEncrypted(encrypted, metadata);
}

type Hash = ReturnType<typeof createHash>;

function encryptBranch(
  tree: TreeBranch,
  keys: string[],
  stack: string[][],
  key: Uint8Array,
  rule: EncryptionRule,
  hash: Hash,
  macOnly: boolean,
): TreeBranch {
  const comments: string[] = [];
  const items: TreeBranch['items'] = [];
  for (const item of tree.items) {
    if (isComment(item)) {
      comments.push(item.text);
      const encrypt = shouldEncrypt(rule, keys, [...stack, comments], true);
      items.push(encrypt ? comment(encryptValue(item.text, key, `${keys.join(':')}:`, 'comment'), item.inline) : item);
      continue;
    }
    items.push({
      key: item.key,
      value: encryptValue2(item.value, [...keys, item.key], [...stack, [...comments]], key, rule, hash, macOnly),
    });
    comments.length = 0;
  }
  return { kind: 'branch', items };
}

function encryptValue2(
  value: TreeValue,
  keys: string[],
  stack: string[][],
  key: Uint8Array,
  rule: EncryptionRule,
  hash: Hash,
  macOnly: boolean,
): TreeValue {
  if (isBranch(value)) return encryptBranch(value, keys, stack, key, rule, hash, macOnly);
  if (isList(value)) {
    const comments: string[] = [];
    return {
      kind: 'list',
      items: value.items.map((item) => {
        if (isComment(item)) {
          comments.push(item.text);
          return shouldEncrypt(rule, keys, [...stack, comments], true)
            ? comment(encryptValue(item.text, key, `${keys.join(':')}:`, 'comment'))
            : item;
        }
        const out = encryptValue2(item, keys, [...stack, [...comments]], key, rule, hash, macOnly);
        comments.length = 0;
        return out;
      }),
    };
  }
  if (value === null) return null;
  const encrypt = shouldEncrypt(rule, keys, stack, false);
  if (!macOnly || encrypt) hash.update(goBytesOf(value));
  if (!encrypt || value === '') return value;
  return encryptValue(value, key, `${keys.join(':')}:`);
}

/** getsops/sops `Tree.shouldBeEncrypted`, comment stack included. */
function shouldEncrypt(rule: EncryptionRule, path: string[], stack: string[][], isCommentLeaf: boolean): boolean {
  switch (rule.kind) {
    case 'unencrypted_suffix':
      return !path.some((k) => k.endsWith(rule.value));
    case 'encrypted_suffix':
      return path.some((k) => k.endsWith(rule.value));
    case 'unencrypted_regex':
      return !path.some((k) => (goRegExp(rule.value) as RegExp).test(k));
    case 'encrypted_regex':
      return path.some((k) => (goRegExp(rule.value) as RegExp).test(k));
    case 'unencrypted_comment_regex':
      return !stack.flat().some((c) => (goRegExp(rule.value) as RegExp).test(c));
    case 'encrypted_comment_regex':
      return stack.some((cs, i) =>
        cs.some((c, j) => !(isCommentLeaf && i === stack.length - 1 && j === cs.length - 1) && (goRegExp(rule.value) as RegExp).test(c)),
      );
  }
}
