import type { TreeBranch } from '../tree.js';

/** The store formats of SOPS (getsops/sops `stores/`). */
export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';

export const SOPS_FORMATS: readonly SopsFormat[] = ['yaml', 'json', 'dotenv', 'ini', 'binary'];

/** A file as a store reads it: its documents (the `sops` metadata taken out) and the metadata, as plain values. */
export interface LoadedFile {
  documents: TreeBranch[];
  /** The `sops` metadata (nested, unflattened), or undefined when the file has none. */
  metadata: Record<string, unknown> | undefined;
}

/**
 * Reads and writes one store format. `load` throws a plain Error naming the line when the file cannot
 * be read; the caller adds the file name.
 */
export interface SopsStore {
  load(text: string): LoadedFile;
  /** The documents in this format, as `sops -d` prints them. */
  emit(documents: TreeBranch[]): Uint8Array;
  /** The documents with their metadata, as an encrypted file is written (for the SOPS writer of the tests). */
  emitEncrypted(documents: TreeBranch[], metadata: Record<string, unknown>): Uint8Array;
}

/** The format sops picks from a file name: yaml, json, dotenv (.env), ini, else binary. */
export function formatOfFileName(name: string): SopsFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.env')) return 'dotenv';
  if (lower.endsWith('.ini')) return 'ini';
  return 'binary';
}
