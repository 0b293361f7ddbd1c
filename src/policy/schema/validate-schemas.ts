import type { Manifest, Origin, RenderedObject } from '../../core/model/manifest.js';
import { crdSchemas } from './crd-schemas.js';
import type { KubeSchemas } from './kube-schema-data.js';
import { createSchemaValidator } from './schema-validator.js';

/** A schema error of one object, or its kind having no schema. */
export interface SchemaViolation {
  object: { apiVersion: string; kind: string; namespace?: string; name: string; origin?: Origin };
  /** The field (`spec.replicas`), "" for the object as a whole. */
  field: string;
  message: string;
  /** `MissingSchema` when no schema knows the kind; `Invalid` otherwise. */
  reason: 'Invalid' | 'MissingSchema';
}

export interface SchemaValidationOptions {
  /** Objects of a kind no schema knows are let through instead of reported (kubeconform's -ignore-missing-schemas). */
  ignoreMissingSchemas?: boolean;
  /** CustomResourceDefinitions known besides those in the render (from the cluster). */
  crds?: readonly Manifest[];
}

/**
 * Validates rendered objects against one Kubernetes version's schemas and the CRDs in the render (and
 * `options.crds`), as kubeconform does before apply: wrong types, unknown fields, missing required
 * fields and values outside an enum are each one violation; every object is checked.
 */
export function validateSchemas(
  objects: readonly RenderedObject[],
  schemas: KubeSchemas,
  options: SchemaValidationOptions = {},
): SchemaViolation[] {
  const manifests = objects.map((o) => o.object);
  const validator = createSchemaValidator(schemas, crdSchemas([...(options.crds ?? []), ...manifests]));
  const out: SchemaViolation[] = [];
  for (const { object, origin } of objects) {
    const about: SchemaViolation['object'] = { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, origin };
    if (object.metadata.namespace) about.namespace = object.metadata.namespace;
    const problems = validator.validate(object);
    if (problems === undefined) {
      if (!options.ignoreMissingSchemas)
        out.push({
          object: about,
          field: '',
          message: `no schema for ${object.apiVersion} ${object.kind} in Kubernetes ${schemas.version} or the CustomResourceDefinitions rendered`,
          reason: 'MissingSchema',
        });
      continue;
    }
    // By field, so the report reads in the object's order whatever order the schema lists fields in.
    const sorted = [...problems].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
    for (const p of sorted) out.push({ object: about, field: p.field, message: p.message, reason: 'Invalid' });
  }
  return out;
}
