export { crdSchemas, type CrdSchema } from './crd-schemas.js';
export type { KubeSchema, KubeSchemas } from './kube-schema-data.js';
export { createSchemaValidator, type SchemaProblem, type SchemaValidator } from './schema-validator.js';
export { validateSchemas, type SchemaValidationOptions, type SchemaViolation } from './validate-schemas.js';
