import type { PropagationPolicy } from '../model/propagation-policy.js';

/** Sync options after parsing `syncOptions` (`CreateNamespace=true`, `PruneLast=true`, ...). */
export interface SyncOptions {
  createNamespace: boolean;
  pruneLast: boolean;
  /** Deletion propagation for prune: `PrunePropagationPolicy=foreground|background|orphan`. */
  prunePropagationPolicy: PropagationPolicy;
  /** `ServerSideApply` is always on; `Force=true` takes ownership of conflicting fields. */
  force: boolean;
  /** `PruneCRDsWithResources=true`: a CRD that left Git is pruned even while resources of it remain (they go with it). */
  pruneCRDsWithResources: boolean;
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
