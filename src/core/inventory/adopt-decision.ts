import type { Manifest } from '../model/manifest.js';
import { ownerOf } from './owner.js';

/** What an app may take over: everything (`Adopt=true`, `--adopt`), or the objects of named Tideway apps (`AdoptFrom=APP`). */
export interface AdoptPolicy {
  adopt: boolean;
  adoptFrom: readonly string[];
}

export type OwnershipDecision =
  | { decision: 'ours' }
  | { decision: 'adopt'; from?: string }
  | { decision: 'refuse'; reason: 'SharedResource' | 'OwnedElsewhere'; owner: string; message: string };

/**
 * Whether an app may apply to an object that already exists, and what that means:
 * - the app's own object: apply;
 * - an object nobody manages (made by hand or by kubectl): adopt it, as Argo CD does, recorded as adopted;
 * - an object of another Tideway app: `SharedResource`, unless the app names that app in `AdoptFrom`
 *   (or adopts everything), so two apps never silently fight over one object;
 * - an object another tool manages (Helm, Argo CD, Flux): `OwnedElsewhere`, unless `Adopt=true`.
 * Pure: the caller has the live object (undefined when it does not exist: nothing to decide).
 */
export function decideOwnership(live: Manifest | undefined, app: string, policy: AdoptPolicy): OwnershipDecision {
  if (!live) return { decision: 'ours' };
  const owner = ownerOf(live);
  if (owner.kind === 'none') return { decision: 'adopt' };
  if (owner.kind === 'tideway') {
    if (owner.app === app) return { decision: 'ours' };
    if (policy.adopt || policy.adoptFrom.includes(owner.app)) return { decision: 'adopt', from: `Tideway app ${owner.app}` };
    return {
      decision: 'refuse',
      reason: 'SharedResource',
      owner: `Tideway app ${owner.app}`,
      message: `belongs to the Tideway app ${owner.app}; not applied (take it over with syncOptions: [AdoptFrom=${owner.app}] or sync --adopt)`,
    };
  }
  if (policy.adopt) return { decision: 'adopt', from: owner.detail };
  return {
    decision: 'refuse',
    reason: 'OwnedElsewhere',
    owner: owner.detail,
    message: `is managed by ${owner.detail}; not applied (take it over with syncOptions: [Adopt=true] or sync --adopt)`,
  };
}
