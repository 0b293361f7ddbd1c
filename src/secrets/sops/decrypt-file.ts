import { DataKeyError, decryptDataKey } from './data-key.js';
import { decryptTree, LeafError, type LeafPath } from './decrypt-tree.js';
import { decryptValue } from './encrypted-value.js';
import { compileRule } from './encryption-rule.js';
import type { SopsKeys } from './key-source.js';
import { readMetadata, type SopsMetadata } from './metadata.js';
import { SopsError } from './sops-error.js';
import { STORES, type SopsFormat } from './stores/index.js';
import { toPlain, type TreeBranch } from './tree.js';

/** Encrypted files larger than this are refused (a Kubernetes Secret holds at most 1 MiB). */
export const MAX_SOPS_FILE_BYTES = 16 * 1024 * 1024;

export interface DecryptSopsInput {
  /** How the file is named in messages (a path relative to the repository, for example). */
  file: string;
  content: Uint8Array | string;
  format: SopsFormat;
  keys: SopsKeys;
}

export interface DecryptedSopsFile {
  format: SopsFormat;
  metadata: SopsMetadata;
  /** The documents, decrypted, without the `sops` metadata. */
  documents: TreeBranch[];
  /** Per document, the paths of the values that were encrypted in the file. */
  decryptedPaths: LeafPath[][];
  /** The plaintext in the file's own format, as `sops -d` prints it. */
  output(): Uint8Array;
  /** The documents as plain values (YAML: one per document; the other stores: one). */
  values(): unknown[];
}

/**
 * Decrypts a SOPS file: reads the store format, gets the data key from one of the file's recipients
 * with the given keys, decrypts every value with its path as authenticated data, and refuses the
 * file unless the recomputed MAC matches the stored one. Throws SopsError naming the file; no
 * message ever holds a decrypted value or key material.
 */
export async function decryptSopsFile(input: DecryptSopsInput): Promise<DecryptedSopsFile> {
  const { file, format } = input;
  const store = STORES[format];
  if (!store) throw new SopsError(file, `unknown store format ${JSON.stringify(format)} (expected yaml, json, dotenv, ini or binary)`);
  const size = typeof input.content === 'string' ? Buffer.byteLength(input.content) : input.content.length;
  if (size > MAX_SOPS_FILE_BYTES) throw new SopsError(file, `is over ${MAX_SOPS_FILE_BYTES} bytes`);
  const text = typeof input.content === 'string' ? input.content : Buffer.from(input.content).toString('utf8');
  let loaded: ReturnType<typeof store.load>;
  try {
    loaded = store.load(text);
  } catch (error) {
    throw new SopsError(file, `cannot be read as ${format}: ${(error as Error).message}`);
  }
  if (!loaded.metadata) throw new SopsError(file, 'has no sops metadata: it is not a SOPS-encrypted file');
  const metadata = readMetadata(loaded.metadata);
  if (typeof metadata === 'string') throw new SopsError(file, metadata);
  const rule = compileRule(metadata.rule);
  if (typeof rule === 'string') throw new SopsError(file, rule);

  let key: Uint8Array;
  try {
    key = await decryptDataKey(metadata, input.keys);
  } catch (error) {
    if (error instanceof DataKeyError) throw new SopsError(file, error.message);
    throw new SopsError(file, 'cannot decrypt the data key');
  }

  let decrypted: ReturnType<typeof decryptTree>;
  try {
    decrypted = decryptTree(loaded.documents, key, rule, metadata.macOnlyEncrypted);
  } catch (error) {
    if (error instanceof LeafError) throw new SopsError(file, LEAF_MESSAGES[error.reason], { path: error.path });
    throw error;
  }
  if (!macMatches(metadata, key, decrypted.mac))
    throw new SopsError(file, 'MAC mismatch: the file was modified or not encrypted with sops');

  const documents = decrypted.documents;
  return {
    format,
    metadata,
    documents,
    decryptedPaths: decrypted.decryptedPaths,
    output: () => store.emit(documents),
    values: () => documents.map((d) => toPlain(d)),
  };
}

const LEAF_MESSAGES: Record<LeafError['reason'], string> = {
  format: 'is not a valid ENC[AES256_GCM,...] value',
  authentication: 'cannot be decrypted (AES-GCM authentication failed): the value was modified or moved, or the data key is wrong',
  type: 'decrypted to a value that does not match its recorded type',
  'not-encrypted': "is not encrypted although the file's rule says it must be: the file was modified or not encrypted with sops",
  'not-a-string': "is not an encrypted string although the file's rule says it must be encrypted",
  'non-string-key': 'has a key that is not a string',
};

/** The stored MAC, decrypted with `lastmodified` (as Go formats it: RFC 3339, no fraction) as its authenticated data. */
function macMatches(metadata: SopsMetadata, key: Uint8Array, computed: string): boolean {
  for (const aad of new Set([goRfc3339(metadata.lastModified), metadata.lastModified])) {
    const stored = decryptValue(metadata.mac, key, aad);
    if (!('failure' in stored)) return typeof stored.value === 'string' && stored.value.toUpperCase() === computed;
  }
  return false;
}

function goRfc3339(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(text.trim());
  if (!m) return text;
  const zone = m[3].toUpperCase() === 'Z' || m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3];
  return `${m[1]}${zone}`;
}
