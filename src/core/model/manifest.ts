import { isGenerateNameHook } from './generate-name.js';

/**
 * A declarative object as it appears in Git: Kubernetes Resource Model shape
 * (apiVersion, kind, metadata, and any other top-level fields). Used by every target.
 */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: ManifestMetadata;
  [field: string]: unknown;
}

export interface ManifestMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Where a rendered object came from, for error messages ("apps/web/deploy.yaml:12"). */
export interface Origin {
  file: string;
  line?: number;
}

/** A rendered object with its origin, as a renderer returns it. */
export interface RenderedObject {
  object: Manifest;
  origin?: Origin;
}

export function splitApiVersion(apiVersion: string | undefined): { group: string; version: string } {
  if (typeof apiVersion !== 'string') return { group: '', version: '' }; // kustomize lets objects omit it
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const md = v.metadata as Record<string, unknown> | undefined;
  return (
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof md === 'object' &&
    md !== null &&
    (typeof md.name === 'string' || isGenerateNameHook(md))
  );
}
