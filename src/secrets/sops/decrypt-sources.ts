import { randomBytes } from 'node:crypto';
import { chmod, cp, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceTree } from '../../core/model/source-tree.js';
import { sensitiveValues, type SensitiveValues } from '../../core/secrets/sensitive-values.js';
import { decryptSopsFile, MAX_SOPS_FILE_BYTES, type DecryptedSopsFile } from './decrypt-file.js';
import type { LeafPath } from './decrypt-tree.js';
import type { SopsKeys, SopsKeySource } from './key-source.js';
import { formatOfFileName, STORES } from './stores/index.js';

const MARK = Buffer.from('ENC[AES256_GCM,data:');

/**
 * True when a file is a SOPS-encrypted file: it holds an encrypted value and, read in the format its
 * name gives, `sops` metadata with a `mac`. Cheap for every other file (one byte search).
 */
export function isSopsFile(name: string, bytes: Uint8Array): boolean {
  if (bytes.length > MAX_SOPS_FILE_BYTES || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(MARK) === -1) return false;
  try {
    const loaded = STORES[formatOfFileName(name)].load(Buffer.from(bytes).toString('utf8'));
    return !!loaded.metadata && typeof loaded.metadata.mac === 'string';
  } catch {
    return false;
  }
}

/** The plaintext of one decrypted file, and every value that was encrypted in it (to mask them). */
export function plaintextOf(file: DecryptedSopsFile): { bytes: Uint8Array; secrets: string[] } {
  const bytes = file.output();
  const secrets: string[] = [];
  file.documents.forEach((_, i) => {
    const plain = file.values()[i];
    for (const p of file.decryptedPaths[i]) {
      const v = valueAt(plain, p);
      if (typeof v === 'string') secrets.push(v);
      else if (v instanceof Uint8Array) secrets.push(Buffer.from(v).toString('utf8'));
    }
  });
  // The whole plaintext too: a generator (kustomize secretGenerator files) may take the file as one value.
  if (file.format === 'binary' || file.format === 'dotenv' || file.format === 'ini') secrets.push(Buffer.from(bytes).toString('utf8'));
  return { bytes, secrets };
}

function valueAt(root: unknown, p: LeafPath): unknown {
  let at = root;
  for (const k of p) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[k] : undefined;
  return at;
}

export interface DecryptedTree {
  tree: SourceTree;
  /** The files that were decrypted (paths in the tree). */
  decrypted: string[];
  sensitive: SensitiveValues;
}

/**
 * The tree with every SOPS file replaced by its plaintext (in its own format, the `sops` metadata
 * taken out). Decrypted files lose their source id, so no cache keyed by it ever holds plaintext.
 * Throws SopsError naming the file.
 */
export async function decryptSourceTree(tree: SourceTree, keySource: SopsKeySource): Promise<DecryptedTree> {
  const files = new Map(tree.files);
  const ids = tree.ids ? new Map(tree.ids) : undefined;
  const decrypted: string[] = [];
  const secrets: string[] = [];
  let keys: SopsKeys | undefined;
  for (const [name, bytes] of tree.files) {
    if (!isSopsFile(name, bytes)) continue;
    keys ??= await keySource.load();
    const file = await decryptSopsFile({ file: name, content: bytes, format: formatOfFileName(name), keys });
    const plain = plaintextOf(file);
    files.set(name, plain.bytes);
    ids?.delete(name);
    decrypted.push(name);
    secrets.push(...plain.secrets);
  }
  return { tree: { ...tree, files, ...(ids && { ids }) }, decrypted, sensitive: sensitiveValues(secrets) };
}

export interface DecryptedCopy {
  /** A private copy of the checkout with SOPS files decrypted; render from it, then `release()`. */
  dir: string;
  decrypted: string[];
  sensitive: SensitiveValues;
  release(): Promise<void>;
}

/**
 * When the checkout holds SOPS files: a private copy of it (mode 0700, under `tmpDir`) with those
 * files decrypted, for renderers that read files (kustomize); undefined when there are none. The
 * copy holds plaintext, so the caller removes it as soon as the render is done.
 */
export async function decryptedCheckoutCopy(
  checkoutDir: string,
  tmpDir: string,
  keySource: SopsKeySource,
): Promise<DecryptedCopy | undefined> {
  const found = await findSopsFiles(checkoutDir);
  if (!found.length) return undefined;
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const dir = path.join(tmpDir, `sops-${randomBytes(8).toString('hex')}`);
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    await mkdir(dir, { mode: 0o700 });
    await cp(checkoutDir, path.join(dir, 'tree'), { recursive: true, verbatimSymlinks: true });
    await makePrivate(path.join(dir, 'tree'));
    const keys = await keySource.load();
    const secrets: string[] = [];
    for (const rel of found) {
      const target = path.join(dir, 'tree', rel);
      const file = await decryptSopsFile({ file: rel, content: await readFile(target), format: formatOfFileName(rel), keys });
      const plain = plaintextOf(file);
      await rm(target, { force: true });
      await writeFile(target, plain.bytes, { mode: 0o400 });
      secrets.push(...plain.secrets);
    }
    return { dir: path.join(dir, 'tree'), decrypted: found, sensitive: sensitiveValues(secrets), release };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Directories of the copy become 0700 (a checkout's are read-only), so files can be replaced and the copy removed. */
async function makePrivate(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) if (entry.isDirectory()) await makePrivate(path.join(dir, entry.name));
}

/** SOPS files under `root` (relative paths), bounded: symlinks are not followed, at most 100,000 entries. */
export async function findSopsFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  let seen = 0;
  const walk = async (rel: string) => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      if (++seen > 100_000) throw new Error(`more than 100000 files under ${root}`);
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        const info = await lstat(path.join(root, child));
        if (info.size > MAX_SOPS_FILE_BYTES) continue;
        if (isSopsFile(child, await readFile(path.join(root, child)))) out.push(child);
      }
    }
  };
  await walk('');
  return out.sort();
}
