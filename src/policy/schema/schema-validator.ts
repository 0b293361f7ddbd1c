import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { splitApiVersion, type Manifest } from '../../core/model/manifest.js';
import type { CrdSchema } from './crd-schemas.js';
import type { KubeSchema, KubeSchemas } from './kube-schema-data.js';
import { QUANTITY_PATTERN, toJsonSchema } from './to-json-schema.js';

/** One thing wrong with an object: the field (`spec.replicas`, "" for the object) and the problem. */
export interface SchemaProblem {
  field: string;
  message: string;
}

export interface SchemaValidator {
  /** The Kubernetes version the built-in schemas are for. */
  readonly version: string;
  /**
   * The object's problems; undefined when there is no schema for its kind (neither built in nor from a
   * CRD given), so the caller decides whether that is an error.
   */
  validate(object: Manifest): SchemaProblem[] | undefined;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** Definitions are schemas whose `$id` is their name: a `$ref` names one directly. */
const REF_PREFIX = '';

/**
 * Validates objects against the OpenAPI schemas of one Kubernetes version and the schemas of the
 * CustomResourceDefinitions given (a CRD's kind wins over a built-in one of the same name). Each kind is
 * compiled on first use only, so a render that holds three kinds compiles three.
 */
export function createSchemaValidator(schemas: KubeSchemas, crds: readonly CrdSchema[] = []): SchemaValidator {
  // Each definition is a schema of its own, compiled (with what it refers to) when a kind first needs it.
  // Measured on the 1.34 schemas: inlining refs and ajv's code optimizer made the first Deployment
  // take 0.8-1.5 s to compile; without them, 0.35 s, and each further workload kind some 10 ms.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true,
    validateFormats: false,
    validateSchema: false,
    inlineRefs: false,
    code: { optimize: false },
  });
  for (const [name, schema] of Object.entries(schemas.definitions)) ajv.addSchema({ $id: name, ...toJsonSchema(schema, REF_PREFIX) });
  const custom = new Map(crds.map((c) => [c.key, c]));
  const compiled = new Map<string, ValidateFunction | undefined>();

  const compile = (key: string): ValidateFunction | undefined => {
    if (compiled.has(key)) return compiled.get(key);
    let validate: ValidateFunction | undefined;
    const crd = custom.get(key);
    if (crd) validate = ajv.compile(customResourceSchema(crd.schema));
    else if (schemas.kinds[key]) validate = ajv.getSchema(schemas.kinds[key]);
    compiled.set(key, validate);
    return validate;
  };

  return {
    version: schemas.version,
    validate(object) {
      const { group, version } = splitApiVersion(object.apiVersion);
      const validate = compile(`${group}/${version}/${object.kind}`);
      if (!validate) return undefined;
      if (validate(withoutNulls(object))) return [];
      return problemsOf(validate.errors ?? []);
    },
  };
}

/** A custom resource: apiVersion, kind and metadata as every object has them, the rest as the CRD says. */
function customResourceSchema(schema: KubeSchema): Record<string, unknown> {
  const converted = toJsonSchema({ type: 'object', ...schema }, REF_PREFIX);
  const properties = { ...((converted.properties as Record<string, unknown>) ?? {}) };
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = { $ref: `${REF_PREFIX}${OBJECT_META}` };
  return { ...converted, properties };
}

/** The object without null values: the API server reads `field: null` as the field left out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}

/** ajv's errors as one problem per field, in kubectl's words where it has some. */
function problemsOf(errors: readonly ErrorObject[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  // An anyOf/oneOf failure explains itself through its branches' errors; keep only the summary.
  const branches = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const e of errors) {
    if (branches.has(e.instancePath) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    let field = pathOf(e.instancePath);
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties':
        field = join(field, String(e.params.additionalProperty));
        message = 'unknown field';
        break;
      case 'required':
        field = join(field, String(e.params.missingProperty));
        message = 'is required';
        break;
      case 'type': {
        const quote =
          String(e.params.type) === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean') ? '; put it in quotes' : '';
        message = `must be ${describeTypes(e.params.type)} (got ${describeValue(e.data)}${quote})`;
        break;
      }
      case 'enum':
        message = `unsupported value ${JSON.stringify(e.data)} (one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
        break;
      case 'pattern':
        message =
          e.params.pattern === QUANTITY_PATTERN
            ? `${JSON.stringify(e.data)} is not a quantity (such as 500m, 2, 1.5Gi)`
            : `${JSON.stringify(e.data)} does not match ${e.params.pattern}`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

function pathOf(pointer: string): string {
  if (!pointer) return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(part) ? `${out}[${part}]` : join(out, part);
  }
  return out;
}

function join(parent: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return parent ? `${parent}.${safe}` : safe;
}

function describeTypes(type: unknown): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    integer: 'an integer',
    string: 'a string',
    boolean: 'true or false',
  };
  const types = (Array.isArray(type) ? type : String(type).split(',')).map((t) => names[t] ?? `a ${t}`);
  return types.join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`
    : `a ${typeof value}`;
}
