import { createHash } from 'node:crypto';
import { maskSecretPair } from '../../core/diff/mask-secrets.js';
import { ignoredPaths, withLiveValues, withoutPaths } from '../../core/diff/ignore-differences.js';
import { isSubset } from '../../core/diff/is-subset.js';
import { normalizeForDiff } from '../../core/diff/normalize.js';
import { unifiedDiff } from '../../core/diff/unified-diff.js';
import { builtinHealthChecks, type HealthTable, healthOf } from '../../core/health/health-of.js';
import type { Inventory } from '../../core/inventory/inventory.js';
import { decideOwnership } from '../../core/inventory/adopt-decision.js';
import { isOwnedBy } from '../../core/inventory/ownership.js';
import type { Manifest } from '../../core/model/manifest.js';
import { type ObjectRef, refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { Scope } from '../../core/plan/scope.js';
import { decideAfterVerify, decideApply } from '../../core/sync/apply-decision.js';
import type { ChangeSetEntry, DiffEntry } from '../../core/sync/change-set.js';
import type { AppIdentity, ApplyOptions, PruneOptions, Target } from '../target.js';

/** Kinds the memory target treats as cluster-scoped; every other kind is namespaced. */
const CLUSTER_KINDS = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PersistentVolume',
]);
const HASH = 'tideway.dev/desired-hash';

export interface MemoryTarget extends Target {
  /** Changes a live object as someone outside Tideway would (drift), and tells drift listeners. */
  edit(ref: ObjectRef, change: (live: Manifest) => Manifest | undefined): void;
  /** Puts an object there as another tool would (not through a sync). */
  put(object: Manifest): void;
  /** Every write the target accepted (apply, prune, inventory), in order: `apply Kind/ns/name`. */
  readonly writes: string[];
  onDrift(listener: (app: string) => void): () => void;
}

/**
 * A target that keeps objects in memory, with the same promises as the real ones (the target
 * contract suite runs on it): apply by the shared apply decision, prune of owned objects only,
 * inventories per app, health by the built-in table. Sync and reconcile logic is tested on it in
 * milliseconds; the Kubernetes and host targets prove the same contract for real.
 */
export function createMemoryTarget(
  options: { healthTable?: HealthTable; fail?: (object: Manifest) => string | undefined } = {},
): MemoryTarget {
  const objects = new Map<string, Manifest>();
  const inventories = new Map<string, Inventory>();
  const writes: string[] = [];
  const listeners = new Set<(app: string) => void>();
  let generation = 0;
  const copy = <T>(value: T): T => structuredClone(value);
  const hashOf = (object: Manifest) => createHash('sha256').update(JSON.stringify(object)).digest('hex').slice(0, 16);

  function store(object: Manifest): Manifest {
    const stored = copy(object);
    stored.metadata.resourceVersion = String(++generation);
    objects.set(refKey(refOf(stored)), stored);
    return copy(stored);
  }

  function applyOne(app: string, object: Manifest, options: ApplyOptions): ChangeSetEntry {
    const ref = refOf(object);
    const failure = optionsFail(object);
    if (failure) return { ref, action: 'failed', reason: 'Invalid', message: `${refString(ref)} apply failed (Invalid): ${failure}` };
    const live = objects.get(refKey(ref));
    const owned = decideOwnership(live, app, options.adopt ?? { adopt: false, adoptFrom: [] });
    if (owned.decision === 'refuse') return { ref, action: 'failed', reason: owned.reason, message: `${refString(ref)} ${owned.message}` };
    // Ignored fields (spec.ignoreDifferences) are left out of the hash and every comparison; a sync
    // applies Git's values unless RespectIgnoreDifferences, which keeps the live ones.
    const ignored = options.ignoreDifferences?.length ? ignoredPaths(object, live, options.ignoreDifferences) : [];
    const hash = hashOf(withoutPaths(object, ignored));
    const sent = options.respectIgnoreDifferences ? withLiveValues(object, live, ignored) : object;
    const body: Manifest = { ...sent, metadata: { ...sent.metadata, annotations: { ...sent.metadata.annotations, [HASH]: hash } } };
    const liveHash = live?.metadata.annotations?.[HASH];
    const dryRun = !!options.dryRun;
    const decision = decideApply({
      exists: live !== undefined,
      liveHash,
      desiredHash: hash,
      desiredFieldsMatch: live !== undefined && liveHash === hash && isSubset(withoutPaths(body, ignored), live),
      dryRun,
    });
    const health = (o: Manifest) => healthOf(o, options.healthTable ?? table);
    if (decision === 'unchanged') return { ref, action: 'unchanged', health: health(live!) };
    const merged: Manifest = live ? { ...live, ...body, metadata: { ...live.metadata, ...body.metadata } } : body;
    if (decision === 'verify') {
      const [m, l] = [withoutPaths(merged, ignored), withoutPaths(live!, ignored)];
      const next = decideAfterVerify({ wouldChange: !isSubset(m, l) || !isSubset(l, m), dryRun });
      if (next === 'unchanged') return { ref, action: 'unchanged', health: health(live!) };
      if (next === 'configured') return { ref, action: 'configured', health: health(merged) };
    }
    if (dryRun) return { ref, action: live ? 'configured' : 'created', health: health(merged) };
    const stored = store(merged);
    writes.push(`apply ${refString(ref)}`);
    return { ref, action: live ? 'configured' : 'created', health: health(stored) };
  }

  const table = options.healthTable ?? builtinHealthChecks;
  const optionsFail = options.fail ?? (() => undefined);

  return {
    healthTable: table,
    writes,
    describe: () => 'memory',
    async scopes(): Promise<(kind: { apiVersion: string; kind: string }) => Scope | undefined> {
      return ({ kind }) => (CLUSTER_KINDS.has(kind) ? 'Cluster' : 'Namespaced');
    },
    async apply(app: AppIdentity, list: Manifest[], applyOptions: ApplyOptions) {
      return list.map((o) => applyOne(app.name, o, applyOptions));
    },
    async waitReady() {},
    async prune(app: AppIdentity, refs: ObjectRef[], pruneOptions: PruneOptions) {
      return refs.map((ref): ChangeSetEntry => {
        const live = objects.get(refKey(ref));
        if (!live) return { ref, action: 'pruned', message: `${refString(ref)} already absent` };
        if (!isOwnedBy(app.name, live)) {
          return {
            ref,
            action: 'skipped',
            reason: 'NotOwned',
            message: `${refString(ref)} does not carry the ownership mark of ${app.name}; not deleted`,
          };
        }
        if (!pruneOptions.dryRun) {
          objects.delete(refKey(ref));
          writes.push(`prune ${refString(ref)}`);
        }
        return { ref, action: 'pruned' };
      });
    },
    async diff(_app: AppIdentity, list: Manifest[]): Promise<DiffEntry[]> {
      return list.map((object) => {
        const ref = refOf(object);
        const live = objects.get(refKey(ref));
        const desired: Manifest = live ? { ...live, ...object, metadata: { ...live.metadata, ...object.metadata } } : object;
        const [a, b] = maskSecretPair(live && normalizeForDiff(live, [HASH]), normalizeForDiff(desired, [HASH]));
        const text = unifiedDiff(refString(ref), a, b);
        return { ref, change: !live ? 'create' : text ? 'update' : 'none', diff: text };
      });
    },
    async getLive(refs: ObjectRef[]) {
      return refs.map((r) => {
        const live = objects.get(refKey(r));
        return live && copy(live);
      });
    },
    async ensureNamespace(namespace: string, applyOptions: ApplyOptions): Promise<ChangeSetEntry> {
      const ref: ObjectRef = { group: '', version: 'v1', kind: 'Namespace', name: namespace };
      if (objects.has(refKey(ref))) return { ref, action: 'unchanged' };
      if (!applyOptions.dryRun) store({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace }, status: { phase: 'Active' } });
      return { ref, action: 'created' };
    },
    async readInventory(app: AppIdentity) {
      const inventory = inventories.get(app.name);
      return inventory && copy(inventory);
    },
    async writeInventory(app: AppIdentity, inventory: Inventory) {
      inventories.set(app.name, copy(inventory));
      writes.push(`inventory ${app.name}`);
    },
    edit(ref, change) {
      const live = objects.get(refKey(ref));
      if (!live) throw new Error(`${refString(ref)} does not exist`);
      const next = change(copy(live));
      if (next) store(next);
      else objects.delete(refKey(ref));
      const app = live.metadata.labels?.['tideway.dev/app'];
      if (app) for (const l of listeners) l(app);
    },
    put(object) {
      store(object);
    },
    onDrift(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
