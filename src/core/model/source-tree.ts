import type { Revision } from './revision.js';

/**
 * The regular files under one path of a commit, read into memory (see `Source.readTree`). Paths are
 * relative to the repository root, with no "." or empty segments.
 */
export interface SourceTree {
  revision: Revision;
  /** The path the tree holds ("" for the repository root). */
  path: string;
  /** Every file under `path`, with its bytes as stored. */
  files: ReadonlyMap<string, Uint8Array>;
  /** Each file's id in the source (git's blob id, a hash of its bytes), when it has one: a cache key for its content. */
  ids?: ReadonlyMap<string, string>;
  /** Every directory under `path`, `path` included. */
  directories: ReadonlySet<string>;
}
