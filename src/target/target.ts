import type { IgnoreDifferenceRule } from '../core/diff/ignore-differences.js';
import type { AdoptPolicy } from '../core/inventory/adopt-decision.js';
import type { HealthTable } from '../core/health/health-of.js';
import type { SensitiveValues } from '../core/secrets/sensitive-values.js';
import type { PropagationPolicy } from '../core/model/propagation-policy.js';
import type { Manifest } from '../core/model/manifest.js';
import type { ObjectRef } from '../core/model/object-ref.js';
import type { Scope } from '../core/plan/scope.js';
import type { ChangeSetEntry, DiffEntry } from '../core/sync/change-set.js';
import type { Inventory } from '../core/inventory/inventory.js';

export interface ApplyOptions {
  dryRun?: boolean;
  /** What existing objects the app may take over from other apps and tools (core/inventory/adopt-decision.ts). */
  adopt?: AdoptPolicy;
  /** Take ownership of fields other managers own. */
  force?: boolean;
  /**
   * Namespaces this sync has just created, or on a dry run would create: they hold no objects yet,
   * so none are looked up there; on a dry run their objects are reported as created without a
   * server-side dry run (which a namespace that does not exist yet would refuse).
   */
  newNamespaces?: readonly string[];
  /**
   * Read the live objects afresh (a consistent read, no prefetched or cached list): the sync has just
   * deleted some of them (hooks deleted before they are created again), which a list read earlier
   * or from a cache may still show.
   */
  freshRead?: boolean;
  /** Fields never compared (spec.ignoreDifferences); applied from Git unless respectIgnoreDifferences. */
  ignoreDifferences?: readonly IgnoreDifferenceRule[];
  /** A sync keeps the live values of ignored fields (RespectIgnoreDifferences=true). */
  respectIgnoreDifferences?: boolean;
  /** How the outcomes' health is judged: the app's table (its own and the agent's checks); default the target's. */
  healthTable?: HealthTable;
}

export interface PruneOptions {
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
}

/** The identity of an application as targets see it (for ownership marks and inventory). */
export interface AppIdentity {
  name: string;
  /** Where the inventory is kept (a Kubernetes namespace); ignored by targets that do not need it. */
  inventoryNamespace?: string;
}

/**
 * Where desired state is applied: a Kubernetes cluster, or the host Tideway runs on.
 * Every method reports per-object outcomes as data; it throws only when the target itself is unreachable.
 */
export interface Target {
  /** e.g. "kubernetes https://127.0.0.1:6443 (context prod)". */
  describe(): string;
  /** How this target's objects are judged healthy: the engine reads health with this table only. */
  readonly healthTable: HealthTable;
  /** Scope of each kind (namespaced or cluster) for namespace defaulting and staging; undefined when unknown. */
  scopes(objects: Manifest[]): Promise<(kind: { apiVersion: string; kind: string }) => Scope | undefined>;
  /** Applies one stage of objects (already marked with the app's ownership). */
  apply(app: AppIdentity, objects: Manifest[], options: ApplyOptions): Promise<ChangeSetEntry[]>;
  /** Waits until the given objects are usable by later stages (CRDs established, Namespaces active). */
  waitReady(objects: Manifest[], timeoutMs: number): Promise<void>;
  /** Deletes the given objects, only those that carry this app's ownership mark. */
  prune(app: AppIdentity, refs: ObjectRef[], options: PruneOptions): Promise<ChangeSetEntry[]>;
  /** Per-object difference between the live state and what applying `objects` would give. */
  diff(app: AppIdentity, objects: Manifest[], options?: DiffOptions): Promise<DiffEntry[]>;
  /** The live objects (undefined where missing), for health. */
  getLive(refs: ObjectRef[]): Promise<(Manifest | undefined)[]>;
  /**
   * Creates the namespace if it does not exist (CreateNamespace=true); not tracked, never pruned.
   * `likelyMissing` (a first sync) lets a target try the create first instead of looking first.
   */
  ensureNamespace?(namespace: string, options: ApplyOptions & { likelyMissing?: boolean }): Promise<ChangeSetEntry>;
  /**
   * Optional: starts reading what a sync of these objects (the last inventory) will read, such as
   * kinds and live objects, so that `apply` finds it ready instead of waiting for it. Never writes.
   */
  prefetch?(app: AppIdentity, refs: ObjectRef[]): void;
  readInventory(app: AppIdentity): Promise<Inventory | undefined>;
  writeInventory(app: AppIdentity, inventory: Inventory): Promise<void>;
  /**
   * Optional: one Secret's data, decoded, for the keys an app names (`secretRef`: SOPS private keys,
   * commit-verification public keys). Throws with a message naming the Secret, never its content.
   */
  readSecret?(namespace: string, name: string): Promise<Record<string, string>>;
}

export interface DiffOptions {
  /** Values decrypted from SOPS files: masked on both sides, as Secret values are. */
  sensitive?: SensitiveValues;
  /** Namespaces a sync would create: their objects are new, and their diff is the whole object. */
  newNamespaces?: readonly string[] /** Fields never compared (spec.ignoreDifferences): left out of both sides of the diff. */;
  ignoreDifferences?: readonly IgnoreDifferenceRule[];
}
