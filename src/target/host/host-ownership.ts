import type { AdoptPolicy } from '../../core/inventory/adopt-decision.js';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import type { Manifest } from '../../core/model/manifest.js';

/** The default: take over nothing another app owns. */
export const NO_ADOPTION: AdoptPolicy = { adopt: false, adoptFrom: [] };

/**
 * A host object owned by Tideway app `app`, as the ownership decision reads it (the host records the
 * owner of each File and Service itself, rather than in labels).
 */
export function ownedBy(app: string): Manifest {
  return { apiVersion: 'host.tideway.dev/v1alpha1', kind: 'Record', metadata: { name: app, labels: { [APP_LABEL]: app } } };
}
