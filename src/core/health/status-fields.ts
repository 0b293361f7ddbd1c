/**
 * Defensive readers for the loosely typed fields of a live object. A health check must never throw on a
 * malformed or half-written object, so every reader returns undefined for a missing or mistyped field.
 */
import type { Manifest } from '../model/manifest.js';

export type Fields = Record<string, unknown>;

export function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function specOf(object: Manifest): Fields {
  return record(object.spec) ?? {};
}

export function statusOf(object: Manifest): Fields {
  return record(object.status) ?? {};
}

/** True when the object carries no status at all (as in Git, or for kinds without status semantics). */
export function hasNoStatus(object: Manifest): boolean {
  const status = record(object.status);
  return status === undefined || Object.keys(status).length === 0;
}

/** metadata, or an empty record when the object has none (a hand-saved or malformed object). */
export function metadataOf(object: Manifest): Fields {
  return record(object.metadata) ?? {};
}

/** metadata.generation, when the API server set it. */
export function generationOf(object: Manifest): number | undefined {
  return num(metadataOf(object).generation);
}

/** metadata.annotations[name], when it is a string. */
export function annotationOf(object: Manifest, name: string): string | undefined {
  return str(record(metadataOf(object).annotations)?.[name]);
}

/**
 * True while the controller has not yet seen the latest spec: status.observedGeneration is missing or
 * behind metadata.generation. Objects without a generation (as read from Git) count as not observed.
 */
export function specNotObserved(object: Manifest): boolean {
  const observed = num(statusOf(object).observedGeneration);
  if (observed === undefined) return true;
  const generation = generationOf(object);
  return generation !== undefined && observed < generation;
}

/** spec.replicas, with the Kubernetes default of 1. */
export function desiredReplicas(object: Manifest): number {
  return num(specOf(object).replicas) ?? 1;
}
