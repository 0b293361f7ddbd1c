import { healthOf } from '../health/health-of.js';
import type { HealthStatus } from '../health/health-status.js';
import type { Manifest } from '../model/manifest.js';
import { refKey, refOf, type ObjectRef } from '../model/object-ref.js';

/** Whether one object matches Git: the vocabulary of an app's sync status, per object. */
export type NodeSync = 'Synced' | 'OutOfSync' | 'Unknown';

/** One object of an app's resource tree: a managed object, or a child made by one (through ownerReferences). */
export interface ResourceNode {
  /** `group/kind/namespace/name`. */
  id: string;
  /** The node this one hangs under; absent for the app's own objects. */
  parentId?: string;
  ref: ObjectRef;
  /** True for objects the app's manifests declare; false for children such as ReplicaSets and Pods. */
  managed: boolean;
  health?: HealthStatus;
  /** Managed objects only: whether the live object matches Git. */
  sync?: NodeSync;
  /** One short line about the object's state (`2/2 ready`, a Pod's phase), when there is one. */
  info?: string;
  createdAt?: string;
}

export interface ManagedObject {
  ref: ObjectRef;
  /** The live object; undefined when it does not exist. */
  live?: Manifest;
  sync: NodeSync;
  /** Health already known (a target without live objects to judge); else judged from `live`. */
  health?: HealthStatus;
}

/** At most this many children under one object are shown (a Deployment's ReplicaSet history, a Job's Pods). */
export const maxChildrenPerNode = 50;

function infoOf(o: Manifest): string | undefined {
  const status = (o.status ?? {}) as Record<string, unknown>;
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  if (o.kind === 'Pod') {
    const statuses = Array.isArray(status.containerStatuses) ? (status.containerStatuses as Array<{ ready?: boolean }>) : [];
    const ready = statuses.filter((c) => c.ready).length;
    return `${String(status.phase ?? 'Pending')}, ${ready}/${statuses.length} ready`;
  }
  if (typeof spec.replicas === 'number') return `${Number(status.readyReplicas ?? 0)}/${spec.replicas} ready`;
  return undefined;
}

const uidOf = (o: Manifest) => (o.metadata as { uid?: string }).uid;
const createdOf = (o: Manifest) => (o.metadata as { creationTimestamp?: string }).creationTimestamp;

/**
 * The tree of an app: its managed objects (judged by `healthOf`), and under them every object of
 * `candidates` whose ownerReferences lead to one of them, however deep (Deployment -> ReplicaSet ->
 * Pod). Candidates owned by nothing in the tree are left out. Pure: no fetching, no clock.
 */
export function buildResourceTree(managed: ManagedObject[], candidates: Manifest[]): ResourceNode[] {
  const nodes: ResourceNode[] = [];
  const byUid = new Map<string, string>();
  for (const m of managed) {
    const id = refKey(m.ref);
    const node: ResourceNode = { id, ref: m.ref, managed: true, sync: m.sync };
    if (m.live) {
      node.health = m.health ?? healthOf(m.live);
      const info = infoOf(m.live);
      if (info) node.info = info;
      const created = createdOf(m.live);
      if (created) node.createdAt = created;
      const uid = uidOf(m.live);
      if (uid) byUid.set(uid, id);
    } else node.health = m.health ?? { status: 'Missing', message: 'not found in the target' };
    nodes.push(node);
  }
  // Children in rounds: each round attaches the candidates whose owner is already in the tree.
  let pending = candidates.filter((c) => uidOf(c) !== undefined && !byUid.has(uidOf(c)!));
  const childCount = new Map<string, number>();
  for (let depth = 0; depth < 8 && pending.length > 0; depth++) {
    const next: Manifest[] = [];
    let attached = 0;
    for (const c of pending) {
      const owners = (c.metadata as { ownerReferences?: Array<{ uid?: string }> }).ownerReferences ?? [];
      const parentId = owners.map((o) => (o.uid ? byUid.get(o.uid) : undefined)).find((p) => p !== undefined);
      if (!parentId) {
        next.push(c);
        continue;
      }
      const count = childCount.get(parentId) ?? 0;
      if (count >= maxChildrenPerNode) continue;
      childCount.set(parentId, count + 1);
      const ref = refOf(c);
      const id = refKey(ref);
      byUid.set(uidOf(c)!, id);
      const node: ResourceNode = { id, parentId, ref, managed: false, health: healthOf(c) };
      const info = infoOf(c);
      if (info) node.info = info;
      const created = createdOf(c);
      if (created) node.createdAt = created;
      nodes.push(node);
      attached++;
    }
    if (attached === 0) break;
    pending = next;
  }
  return nodes;
}
