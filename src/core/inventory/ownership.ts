import type { Manifest } from '../model/manifest.js';
import { refOf, type ObjectRef } from '../model/object-ref.js';

/** Label carrying the owning app's name: lets targets list an app's objects with a selector. */
export const APP_LABEL = 'tideway.dev/app';
/** Annotation with the owning app's identity for this exact object (as Argo CD's tracking id). */
export const TRACKING_ANNOTATION = 'tideway.dev/tracking-id';

/**
 * `<app>:<group>/<kind>:<namespace>/<name>`. Bound to the object's own identity, so a copy of an
 * object (same labels, other name or namespace) is not considered owned.
 */
export function trackingId(app: string, ref: ObjectRef): string {
  return `${app}:${ref.group}/${ref.kind}:${ref.namespace ?? ''}/${ref.name}`;
}

/** A copy of `object` carrying `app`'s ownership mark (label and tracking annotation). */
export function markOwned(app: string, object: Manifest): Manifest {
  const ref = refOf(object);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [APP_LABEL]: app },
      annotations: { ...object.metadata.annotations, [TRACKING_ANNOTATION]: trackingId(app, ref) },
    },
  };
}

/** Whether a live object carries `app`'s mark for its own identity. Only such objects may be pruned. */
export function isOwnedBy(app: string, live: Manifest): boolean {
  const ref = refOf(live);
  return live.metadata.labels?.[APP_LABEL] === app && live.metadata.annotations?.[TRACKING_ANNOTATION] === trackingId(app, ref);
}
