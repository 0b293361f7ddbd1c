import type { Manifest } from '../../core/model/manifest.js';
import type { KubeSchema } from './kube-schema-data.js';

/** The schema a CustomResourceDefinition gives one version of its kind. */
export interface CrdSchema {
  /** `group/version/Kind`. */
  key: string;
  schema: KubeSchema;
  /** The CRD that defines it, for messages. */
  crd: string;
}

/**
 * The `openAPIV3Schema` of every served version of the CustomResourceDefinitions among `objects`
 * (apiextensions.k8s.io/v1 `spec.versions[].schema`, and v1beta1's `spec.validation` shared by all versions).
 */
export function crdSchemas(objects: readonly Manifest[]): CrdSchema[] {
  const out: CrdSchema[] = [];
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = (o.spec ?? {}) as {
      group?: string;
      names?: { kind?: string };
      versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: KubeSchema } }>;
      version?: string;
      validation?: { openAPIV3Schema?: KubeSchema };
    };
    const kind = spec.names?.kind;
    if (typeof spec.group !== 'string' || typeof kind !== 'string') continue;
    const versions = Array.isArray(spec.versions) ? spec.versions : spec.version ? [{ name: spec.version }] : [];
    for (const v of versions) {
      const schema = v?.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
      if (typeof v?.name !== 'string') continue;
      out.push({
        key: `${spec.group}/${v.name}/${kind}`,
        schema: schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        crd: o.metadata.name,
      });
    }
  }
  return out;
}
