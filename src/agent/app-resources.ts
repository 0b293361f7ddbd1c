import type { ResolvedApplication } from '../core/application/application.js';
import { healthOf } from '../core/health/health-of.js';
import type { Manifest } from '../core/model/manifest.js';
import { refKey, type ObjectRef } from '../core/model/object-ref.js';
import type { Revision } from '../core/model/revision.js';
import { buildResourceTree, type ManagedObject, type NodeSync } from '../core/tree/resource-tree.js';
import type { DiffEntry } from '../core/sync/change-set.js';
import type { EngineDeps } from '../engine/deps.js';
import { appHealthTable } from '../engine/app-health-table.js';
import { diffApplication } from '../engine/diff-app.js';
import { appIdentity } from '../engine/prepare-desired.js';
import type { KubernetesTarget } from '../target/kubernetes/index.js';
import type { Store } from '../store/store.js';
import type { AppDiff, ResourceTree } from './agent-control.js';
import { createChildLister } from './child-objects.js';

const APPLICATION_GROUP = 'tideway.dev';

/** A parent's child Applications are managed by the agent, never applied: they are left out of its diff. */
const withoutChildApps = (objects: Manifest[]) =>
  objects.filter((o) => !(o.kind === 'Application' && o.apiVersion.startsWith(`${APPLICATION_GROUP}/`)));

const isKubernetes = (target: unknown): target is KubernetesTarget =>
  typeof target === 'object' && target !== null && 'client' in target && 'discovery' in target;

/**
 * What the dashboard shows of one app beyond its status: the diff between Git (at the target
 * revision or another) and the live state, and the resource tree. Reads only; nothing is applied.
 */
export function createAppResources(d: {
  depsFor(app: ResolvedApplication): Promise<EngineDeps>;
  /** The commit of `revision` (a SHA from history), or of the app's target revision; no fetch. */
  resolve(app: ResolvedApplication, revision?: string): Promise<Revision>;
  store: Store;
}) {
  const children = createChildLister();

  async function diff(app: ResolvedApplication, options: { revision?: string; prune?: boolean } = {}): Promise<AppDiff> {
    const deps = await d.depsFor(app);
    const revision = await d.resolve(app, options.revision);
    const result = await diffApplication(deps, app, { prune: options.prune, revision, onRendered: withoutChildApps });
    return {
      app: app.name,
      revision: { sha: result.revision.sha, message: result.revision.message, author: result.revision.author },
      entries: result.entries,
      inSync: result.inSync,
    };
  }

  async function tree(app: ResolvedApplication): Promise<ResourceTree> {
    const deps = await d.depsFor(app);
    const target = deps.target;
    let entries: DiffEntry[] = [];
    let error: string | undefined;
    let revision: AppDiff['revision'] | undefined;
    try {
      const result = await diff(app);
      entries = result.entries;
      revision = result.revision;
    } catch (e) {
      error = (e as Error).message;
    }
    const inventory = await target.readInventory(appIdentity(app)).catch(() => undefined);
    const refs = new Map<string, ObjectRef>();
    const sync = new Map<string, NodeSync>();
    for (const ref of inventory?.objects ?? []) refs.set(refKey(ref), ref);
    for (const e of entries) {
      const key = refKey(e.ref);
      if (!refs.has(key) || !refs.get(key)!.version) refs.set(key, e.ref);
      sync.set(key, e.change === 'none' ? 'Synced' : e.change === 'error' ? 'Unknown' : 'OutOfSync');
    }
    const list = [...refs.values()];
    // An expression that does not compile fails the app's syncs (with its message); the tree still shows.
    let table = target.healthTable;
    try {
      table = await appHealthTable(target.healthTable, deps.healthChecks, app);
    } catch {
      /* reported by the sync */
    }
    const live = await target.getLive(list);
    // A target without live manifests to judge (the host) reports health in its last sync.
    const lastHealth = new Map<string, ManagedObject['health']>();
    if (!isKubernetes(target)) {
      const last = (await d.store.listHistory(app.name, 1))[0];
      for (const e of last?.entries ?? []) if (e.health) lastHealth.set(refKey(e.ref), e.health);
    }
    const managed: ManagedObject[] = list.map((ref, i) => ({
      ref,
      live: live[i],
      sync: sync.get(refKey(ref)) ?? (error ? 'Unknown' : 'Synced'),
      health: lastHealth.get(refKey(ref)) ?? (live[i] ? healthOf(live[i]!, table) : undefined),
    }));
    let candidates: Manifest[] = [];
    if (isKubernetes(target)) {
      const namespaces = list.map((r) => r.namespace).filter((n): n is string => !!n);
      candidates = await children.list(target, namespaces);
    }
    const nodes = buildResourceTree(managed, candidates);
    return { app: app.name, revision, nodes, error };
  }

  return { diff, tree };
}
