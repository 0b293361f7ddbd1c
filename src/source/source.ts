/** Where an application's desired state lives, as in an Application's `spec.source`. */
export interface SourceSpec {
  repoURL: string;
  /** Branch, tag, full or short commit SHA, or HEAD. Default HEAD. */
  targetRevision?: string;
  path?: string;
}

/** A resolved commit: the SHA is the revision recorded everywhere. */
export interface Revision {
  sha: string;
  author?: string;
  authorEmail?: string;
  message?: string;
  /** ISO 8601 commit date. */
  date?: string;
}

/** A read-only checkout of one commit. `release()` lets the source clean it up when unused. */
export interface Checkout {
  dir: string;
  revision: Revision;
  release(): Promise<void>;
}

export interface Source {
  /** Fetches (unless `fetch: false`) and resolves `targetRevision` to a commit. Throws SourceError. */
  resolve(spec: SourceSpec, options?: { fetch?: boolean }): Promise<Revision>;
  /** A checkout of the given commit, shared between callers of the same repository and SHA. */
  checkout(spec: SourceSpec, sha: string): Promise<Checkout>;
  /** Files changed between two commits, relative to the repository root (for webhooks and skip logic). */
  changedFiles?(spec: SourceSpec, from: string, to: string): Promise<string[]>;
}
