import type { DirectoryOptions } from '../../render/renderer.js';
import type { PropagationPolicy } from '../../target/target.js';

/**
 * An Application as users write it (field names follow Argo CD's Application):
 * where the desired state lives (`spec.source`) and where it goes (`spec.destination`).
 */
export interface ApplicationSpec {
  source: {
    repoURL: string;
    targetRevision?: string;
    path?: string;
    directory?: DirectoryOptions;
    /** Poll interval, e.g. "60s", "5m" (agent). */
    interval?: string;
    kustomize?: { allowRemoteBases?: boolean };
  };
  destination: {
    /** A kubeconfig context; default: the current context. */
    context?: string;
    /** An API server URL; picks the kubeconfig cluster with that server. */
    server?: string;
    /** Default namespace for namespaced objects that name none. */
    namespace?: string;
    /** `kubernetes` (default) or `host`. */
    target?: 'kubernetes' | 'host';
  };
  syncPolicy?: {
    automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean };
    syncOptions?: string[];
    retry?: { limit?: number; backoff?: { duration?: string; factor?: number; maxDuration?: string } };
  };
}

/** Sync options after parsing `syncOptions` (`CreateNamespace=true`, `PruneLast=true`, ...). */
export interface SyncOptions {
  createNamespace: boolean;
  pruneLast: boolean;
  /** Deletion propagation for prune: `PrunePropagationPolicy=foreground|background|orphan`. */
  prunePropagationPolicy: PropagationPolicy;
  /** `ServerSideApply` is always on; `Force=true` takes ownership of conflicting fields. */
  force: boolean;
}

/** An Application validated and with every default filled in. */
export interface ResolvedApplication {
  name: string;
  /** Stable identity of the app (for ownership marks): its name, as Argo CD's tracking id uses it. */
  source: {
    repoURL: string;
    targetRevision: string; // default "HEAD"
    path: string; // default "." ; never absolute, never contains ".."
    directory: { recurse: boolean; include?: string; exclude?: string };
    intervalMs: number; // default 60_000
    allowRemoteBases: boolean; // default false
  };
  destination: {
    target: 'kubernetes' | 'host';
    context?: string;
    server?: string;
    namespace?: string;
  };
  syncPolicy: {
    automated: boolean;
    prune: boolean;
    selfHeal: boolean;
    allowEmpty: boolean;
    options: SyncOptions;
    retry: { limit: number; durationMs: number; factor: number; maxDurationMs: number };
  };
  /** Cascade deletion of the app's resources when the Application itself is removed (agent, app of apps):
   *  true when `metadata.finalizers` has `resources-finalizer.tideway.dev` (as Argo CD's resources-finalizer). */
  cascadeDelete: boolean;
  /** The raw manifest, for display. */
  manifest: Record<string, unknown>;
}
