import type { Revision } from '../core/model/revision.js';
import type { SourceTree } from '../core/model/source-tree.js';

/** Where an application's desired state lives, as in an Application's `spec.source`. */
export interface SourceSpec {
  repoURL: string;
  /** Branch, tag, full or short commit SHA, or HEAD. Default HEAD. */
  targetRevision?: string;
  path?: string;
}

/** A read-only checkout of one commit. `release()` lets the source clean it up when unused. */
export interface Checkout {
  dir: string;
  revision: Revision;
  release(): Promise<void>;
}

/** A raw object of the source's repository (a git commit or tag). */
export interface SourceObject {
  name: string;
  sha: string;
  type: string;
  raw: Buffer;
}

export interface Source {
  /**
   * Fetches (unless `fetch: false`) and resolves `targetRevision` to a commit. Throws SourceError.
   * `onFetchStarted` is called once a fetch is under way (the caller may use the wait), or when
   * it ends without having started; never when no fetch is needed.
   */
  resolve(spec: SourceSpec, options?: { fetch?: boolean; onFetchStarted?: () => void }): Promise<Revision>;
  /** A checkout of the given commit, shared between callers of the same repository and SHA. */
  checkout(spec: SourceSpec, sha: string): Promise<Checkout>;
  /**
   * The files under `spec.path` at commit `sha`, read into memory without writing a checkout, with the
   * same checks and errors as `checkout()`. `undefined` when `checkout()` should serve them instead
   * (symlinks or submodules under the path, a path through a symlink): the caller then checks out.
   */
  readTree?(spec: SourceSpec, sha: string): Promise<SourceTree | undefined>;
  /**
   * Raw objects by name (`refs/tags/v1`, a SHA) from the repository, bytes as stored (signed commits
   * and tags are verified over them); undefined for a name that names nothing. Does not fetch.
   */
  readObjects?(spec: SourceSpec, names: string[]): Promise<Array<SourceObject | undefined>>;
  /** Files changed between two commits, relative to the repository root (for webhooks and skip logic). */
  changedFiles?(spec: SourceSpec, from: string, to: string): Promise<string[]>;
}
