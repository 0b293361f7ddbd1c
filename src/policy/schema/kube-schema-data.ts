/** A reduced Kubernetes OpenAPI schema (see scripts/gen-k8s-schemas.mjs): `$ref`s name definitions directly. */
export type KubeSchema = {
  type?: string;
  format?: string;
  properties?: Record<string, KubeSchema>;
  items?: KubeSchema;
  additionalProperties?: KubeSchema | boolean;
  required?: string[];
  enum?: unknown[];
  $ref?: string;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [keyword: string]: unknown;
};

/** One Kubernetes version's schemas, as the generated files hold them. */
export interface KubeSchemas {
  version: string;
  gitVersion: string;
  /** `group/version/Kind` (core group: `/v1/Pod`) -> definition name. */
  kinds: Record<string, string>;
  definitions: Record<string, KubeSchema>;
}
