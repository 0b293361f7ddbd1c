import type { Manifest } from '../model/manifest.js';

const DROPPED_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/**
 * The comparable form of an object: server bookkeeping (managedFields, status, resourceVersion, uid,
 * generation, timestamps) dropped, empty label/annotation maps removed. Returns a new object.
 */
export function normalizeForDiff(object: Manifest, extraAnnotations: string[] = []): Manifest {
  const { status: _status, ...rest } = object as Manifest & { status?: unknown };
  const metadata: Record<string, unknown> = { ...object.metadata };
  for (const key of DROPPED_METADATA) delete metadata[key];
  const annotations = { ...(object.metadata.annotations ?? {}) };
  for (const key of [...DROPPED_ANNOTATIONS, ...extraAnnotations]) delete annotations[key];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  if (metadata.labels && Object.keys(metadata.labels as object).length === 0) delete metadata.labels;
  return { ...rest, metadata } as Manifest;
}
