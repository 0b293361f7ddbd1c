import type { ResolvedApplication } from '../core/application/application.js';
import { refKey, refOf, refString } from '../core/model/object-ref.js';
import { planSync } from '../core/plan/plan-sync.js';
import type { DiffEntry } from '../core/sync/change-set.js';
import type { EngineDeps } from './deps.js';
import { appIdentity, prepareDesired } from './prepare-desired.js';
import { renderApplication } from './render-app.js';
import type { Revision } from '../core/model/revision.js';
import { redactSensitive } from '../core/secrets/sensitive-values.js';
import type { Manifest } from '../core/model/manifest.js';

export interface DiffResult {
  app: string;
  revision: Revision;
  entries: DiffEntry[];
  /** True when nothing would change. */
  inSync: boolean;
}

/** What a sync would change: per-object server-side dry-run diffs, plus objects a prune would delete. */
export async function diffApplication(
  deps: EngineDeps,
  app: ResolvedApplication,
  options: { prune?: boolean; revision?: string | Revision; onRendered?: (objects: Manifest[]) => Manifest[] } = {},
): Promise<DiffResult> {
  const rendered = await renderApplication(deps, app, options.revision);
  const { revision, saveCaches, sensitive } = rendered;
  const objects = options.onRendered ? options.onRendered(rendered.objects) : rendered.objects;
  const cachesSaved = saveCaches(); // while the dry runs are in flight
  try {
    const id = appIdentity(app);
    const { desired, scopeOf } = await prepareDesired(deps.target, app, objects);
    const inventory = await deps.target.readInventory(id);
    const plan = planSync({
      desired,
      inventory,
      scopeOf,
      prune: app.syncPolicy.prune || !!options.prune,
      allowEmpty: app.syncPolicy.allowEmpty,
    });
    // A first deploy can be previewed: the destination namespace the sync would create does not exist
    // yet, so its objects are shown as new rather than refused by a server-side dry run.
    const namespace = app.syncPolicy.options.createNamespace ? app.destination.namespace : undefined;
    const created = namespace && deps.target.ensureNamespace ? await deps.target.ensureNamespace(namespace, { dryRun: true }) : undefined;
    const newNamespaces = created?.action === 'created' ? [namespace!] : [];
    const entries: DiffEntry[] =
      created?.action === 'created'
        ? [{ ref: created.ref, change: 'create', diff: '', message: `Namespace/${namespace} would be created` }]
        : [];
    entries.push(
      ...(await deps.target.diff(id, desired, { newNamespaces, sensitive, ignoreDifferences: app.ignoreDifferences })).map((e) =>
        sensitive && e.message ? { ...e, message: redactSensitive(e.message, sensitive) } : e,
      ),
    );
    const live = await deps.target.getLive(plan.prune);
    plan.prune.forEach((ref, i) => {
      if (live[i]) entries.push({ ref, change: 'delete', diff: '', message: `${refString(ref)} left Git and would be pruned` });
    });
    const seen = new Set(entries.map((e) => refKey(e.ref)));
    for (const o of desired)
      if (!seen.has(refKey(refOf(o)))) entries.push({ ref: refOf(o), change: 'error', diff: '', message: 'not compared' });
    return { app: app.name, revision, entries, inSync: entries.every((e) => e.change === 'none') };
  } finally {
    await cachesSaved;
  }
}
