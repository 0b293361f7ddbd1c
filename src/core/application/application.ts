import type { HealthCheckExpr } from './resolve-health-check-exprs.js';
import type { HelmSourceOptions } from './resolve-helm-source.js';
import type { PropagationPolicy } from '../model/propagation-policy.js';
import type { DecryptionSpec } from '../secrets/decryption-spec.js';
import type { VerifySpec } from '../verification/verify-spec.js';
import type { PolicySource } from './resolve-policies.js';
import type { AppDependency } from './resolve-depends-on.js';
import type { IgnoreDifferenceRule } from '../diff/ignore-differences.js';

/** Sync options after parsing `syncOptions` (`CreateNamespace=true`, `PruneLast=true`, ...). */
export interface SyncOptions {
  createNamespace: boolean;
  pruneLast: boolean;
  /** Deletion propagation for prune: `PrunePropagationPolicy=foreground|background|orphan`. */
  prunePropagationPolicy: PropagationPolicy;
  /** Accepted for Argo CD's sake; changes nothing (Git's fields are always taken back). */
  force: boolean;
  /** `Adopt=true`: take over existing objects that other tools or Tideway apps manage (recorded as adopted). */
  adopt: boolean;
  /** `AdoptFrom=APP[,APP]`: take over the objects of these Tideway apps. */
  adoptFrom: string[];
  /** RespectIgnoreDifferences=true: a sync keeps the live values of ignored fields (absent: Git's values are applied). */
  respectIgnoreDifferences?: boolean;
  /** `PruneCRDsWithResources=true`: a CRD that left Git is pruned even while resources of it remain (they go with it). */
  pruneCRDsWithResources: boolean;
}

/** A `spec.sources` entry with `ref`: a Git repository whose files value files name as `$ref/path`. */
export interface RefSource {
  ref: string;
  repoURL: string;
  targetRevision: string;
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
    /** SOPS files under the path are decrypted before use (absent: an encrypted file fails the app). */
    decryption?: DecryptionSpec;
    /** Only revisions signed by these keys are rendered (absent: no signature check). */
    verify?: VerifySpec;
    /** A chart of a Helm repository (`repoURL` is then the repository); absent for Git sources. */
    chart?: string;
    /** `spec.source.helm`: how a chart (in Git, a Helm repository or an OCI registry) is rendered. */
    helm?: HelmSourceOptions;
  };
  /** The `ref` sources of `spec.sources` (the rendering one is `source`); absent with `spec.source`. */
  refSources?: RefSource[];
  destination: {
    target: 'kubernetes' | 'host';
    context?: string;
    server?: string;
    /** A cluster registered as a Secret labelled `tideway.dev/secret-type: cluster`, by its `name`. */
    name?: string;
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
  /** `spec.policies`: directories of the repository whose ValidatingAdmissionPolicies every sync is checked against. */
  policies?: PolicySource[];
  /** `spec.dependsOn`: apps that must be Synced and Healthy before this one syncs. */
  dependsOn?: AppDependency[];
  /** `spec.ignoreDifferences`: fields never compared (core/diff/ignore-differences.ts). */
  ignoreDifferences?: IgnoreDifferenceRule[];
  /** `spec.healthCheckExprs`: the app's own CEL health checks (health-checks/cel/), before the agent's and the built-in ones. */
  healthCheckExprs?: HealthCheckExpr[];
  /** `spec.project`: the Project that bounds what the app may do (absent: `default`). */
  project?: string;
  /** The raw manifest, for display. */
  manifest: Record<string, unknown>;
}
