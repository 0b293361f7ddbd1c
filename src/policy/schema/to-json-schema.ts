import type { KubeSchema } from './kube-schema-data.js';

export const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** A resource quantity as Kubernetes parses it: a decimal number with a binary (Ki..Ei), decimal (n..E) or exponent suffix. */
export const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$';

/** What a quantity may be in YAML: the string form, or a plain number (`cpu: 1`). */
export const QUANTITY_SCHEMA = { type: ['string', 'number'], pattern: QUANTITY_PATTERN };

/** JSON Schema keywords kept as they are (CRD schemas use them; built-in ones have few). */
const PLAIN = [
  'enum',
  'required',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
];

/**
 * A Kubernetes (OpenAPI v2 or CRD v3 structural) schema as JSON Schema for ajv, strict as kubeconform's
 * `-strict` and as `kubectl apply`'s server-side field validation: an object that lists its properties
 * refuses other fields unless it has `x-kubernetes-preserve-unknown-fields`. `x-kubernetes-int-or-string`
 * (and format int-or-string) takes an integer or a string; quantities take a quantity string or a number.
 * `$ref: Name` becomes `$ref: <refPrefix>Name`. Null values are not seen here: the caller drops them, as
 * the API server does.
 */
export function toJsonSchema(schema: KubeSchema, refPrefix: string): Record<string, unknown> {
  if (schema.$ref) return schema.$ref === QUANTITY_DEFINITION ? QUANTITY_SCHEMA : { $ref: `${refPrefix}${schema.$ref}` };
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') return { type: ['integer', 'string'] };
  const out: Record<string, unknown> = {};
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (typeof schema.type === 'string') out.type = schema.type;
  for (const keyword of PLAIN) if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  }
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[keyword];
    if (Array.isArray(list)) out[keyword] = list.map((s) => toJsonSchema(s as KubeSchema, refPrefix));
  }
  if (schema.not && typeof schema.not === 'object') out.not = toJsonSchema(schema.not as KubeSchema, refPrefix);
  if (schema.items && typeof schema.items === 'object') out.items = toJsonSchema(schema.items, refPrefix);
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, toJsonSchema(v, refPrefix)]));
  }
  if (schema.additionalProperties !== undefined && typeof schema.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(schema.additionalProperties, refPrefix);
  } else if (schema.additionalProperties === false || (schema.properties && schema.additionalProperties === undefined && !preserve)) {
    out.additionalProperties = false;
  }
  if (schema['x-kubernetes-embedded-resource'] && !out.type) out.type = 'object';
  return out;
}
