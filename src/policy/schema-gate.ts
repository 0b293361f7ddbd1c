import { TidewayError } from '../core/errors.js';
import { splitApiVersion, type Manifest, type RenderedObject } from '../core/model/manifest.js';
import { loadKubeSchemas, pickKubeVersion } from './kube-schemas.js';
import { asRendered } from './as-rendered.js';
import { validateSchemas, type SchemaViolation } from './schema/index.js';

/** A sync refused before any write because objects do not match their schema; lists every violation. */
export class SchemaInvalidError extends TidewayError {
  readonly violations: readonly SchemaViolation[];
  constructor(violations: readonly SchemaViolation[], version: string) {
    const lines = violations.map(describeSchemaViolation);
    const shown = lines.slice(0, 20);
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
    super('InvalidManifest', `objects do not match the Kubernetes ${version} schema:\n${shown.join('\n')}`);
    this.violations = violations;
  }
}

export interface SchemaGateOptions {
  /** The cluster's version (`v1.31.2`, from its /version); default the newest there are schemas for. */
  kubeVersion?: string;
  /** CustomResourceDefinitions the cluster has, besides those in the render. */
  crds?: readonly Manifest[];
  /** Default true: a kind no schema knows is left to the API server (it may come from a CRD the cluster has). */
  ignoreMissingSchemas?: boolean;
}

/**
 * The schema check a sync can make before its first write: throws SchemaInvalidError (code
 * `InvalidManifest`) listing every wrong type, unknown field and missing required field, so that a
 * typo never leaves a sync half applied. Objects of Tideway's own groups (host kinds) are not checked.
 */
export function enforceSchemas(objects: ReadonlyArray<RenderedObject | Manifest>, options: SchemaGateOptions = {}): void {
  const rendered = objects.map(asRendered);
  const kube = rendered.filter(({ object }) => !splitApiVersion(object.apiVersion).group.endsWith('tideway.dev'));
  const { version } = pickKubeVersion(options.kubeVersion);
  const violations = validateSchemas(kube, loadKubeSchemas(version), {
    crds: options.crds,
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? true,
  });
  if (violations.length) throw new SchemaInvalidError(violations, version);
}

/** `file:line: Kind/namespace/name: field: message`. */
export function describeSchemaViolation(v: SchemaViolation): string {
  const where = v.object.origin ? `${v.object.origin.file}${v.object.origin.line === undefined ? '' : `:${v.object.origin.line}`}: ` : '';
  const ref = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
  return `${where}${ref}: ${v.field ? `${v.field}: ` : ''}${v.message}`;
}
