/** The kustomization file as kustomize v5 reads it (types/kustomization.go), with its field names. */

export interface FieldSpecInput {
  group?: string;
  version?: string;
  kind?: string;
  path?: string;
  create?: boolean;
}

export interface SelectorInput {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchInput {
  path?: string;
  patch?: string;
  target?: SelectorInput;
  options?: Record<string, boolean>;
}

export interface ImageInput {
  name?: string;
  newName?: string;
  tagSuffix?: string;
  newTag?: string;
  digest?: string;
}

export interface GeneratorOptionsInput {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgsInput {
  namespace?: string;
  name?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptionsInput;
  type?: string;
}

export interface LabelInput {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: FieldSpecInput[];
}

export interface VarInput {
  name: string;
  objref: { apiVersion?: string; group?: string; version?: string; kind?: string; name: string; namespace?: string };
  fieldref?: { fieldPath?: string };
}

export interface ReplacementSourceInput extends SelectorInput {
  fieldPath?: string;
  options?: FieldOptionsInput;
}

export interface FieldOptionsInput {
  delimiter?: string;
  index?: number;
  encoding?: string;
  create?: boolean;
}

export interface ReplacementTargetInput {
  select?: SelectorInput;
  reject?: SelectorInput[];
  fieldPaths?: string[];
  options?: FieldOptionsInput;
}

export interface ReplacementInput {
  source?: ReplacementSourceInput;
  targets?: ReplacementTargetInput[];
  path?: string;
}

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  openapi?: Record<string, string>;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: LabelInput[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: PatchInput[];
  patches?: PatchInput[];
  images?: ImageInput[];
  imageTags?: ImageInput[];
  replacements?: ReplacementInput[];
  replicas?: { name?: string; count?: number }[];
  vars?: VarInput[];
  sortOptions?: { order?: string; legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] } };
  resources?: string[];
  components?: string[];
  crds?: string[];
  bases?: string[];
  configMapGenerator?: GeneratorArgsInput[];
  secretGenerator?: GeneratorArgsInput[];
  helmGlobals?: unknown;
  helmCharts?: unknown[];
  helmChartInflationGenerator?: unknown[];
  generatorOptions?: GeneratorOptionsInput;
  configurations?: string[];
  generators?: string[];
  transformers?: string[];
  validators?: string[];
  buildMetadata?: string[];
}

// ---------------------------------------------------------------------------------------------
// A small schema of the fields above, to refuse unknown fields and wrong types as kustomize does
// (it decodes with encoding/json's DisallowUnknownFields).

export type T = 'string' | 'bool' | 'int' | 'any' | { list: T } | { map: T } | { obj: Record<string, T> };

const str: T = 'string';
const strList: T = { list: str };
const strMap: T = { map: str };
const fieldSpec: T = { obj: { group: str, version: str, kind: str, path: str, create: 'bool' } };
const selectorFields = { group: str, version: str, kind: str, name: str, namespace: str, labelSelector: str, annotationSelector: str };
const selector: T = { obj: selectorFields };
const patch: T = { obj: { path: str, patch: str, target: selector, options: { map: 'bool' } } };
const image: T = { obj: { name: str, newName: str, tagSuffix: str, newTag: str, digest: str } };
const genOptions: T = { obj: { labels: strMap, annotations: strMap, disableNameSuffixHash: 'bool', immutable: 'bool' } };
const genArgs = {
  namespace: str,
  name: str,
  behavior: str,
  literals: strList,
  files: strList,
  envs: strList,
  env: str,
  options: genOptions,
};
const fieldOptions: T = { obj: { delimiter: str, index: 'int', encoding: str, create: 'bool' } };
const replacement: T = {
  obj: {
    source: { obj: { ...selectorFields, fieldPath: str, options: fieldOptions } },
    targets: { list: { obj: { select: selector, reject: { list: selector }, fieldPaths: strList, options: fieldOptions } } },
    path: str,
  },
};

/** Parts of the schema that built-in plugin configurations share with the kustomization file. */
export const SCHEMA_PARTS = { str, strList, strMap, fieldSpec, selector, image, genOptions, genArgs, replacement };

export const KUSTOMIZATION_SCHEMA: Record<string, T> = {
  apiVersion: str,
  kind: str,
  metadata: { obj: { name: str, namespace: str, labels: strMap, annotations: strMap } },
  openapi: strMap,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  commonLabels: strMap,
  labels: { list: { obj: { pairs: strMap, includeSelectors: 'bool', includeTemplates: 'bool', fields: { list: fieldSpec } } } },
  commonAnnotations: strMap,
  patchesStrategicMerge: strList,
  patchesJson6902: { list: patch },
  patches: { list: patch },
  images: { list: image },
  imageTags: { list: image },
  replacements: { list: replacement },
  replicas: { list: { obj: { name: str, count: 'int' } } },
  vars: { list: { obj: { name: str, objref: { obj: { apiVersion: str, ...selectorFields } }, fieldref: { obj: { fieldPath: str } } } } },
  sortOptions: { obj: { order: str, legacySortOptions: { obj: { orderFirst: strList, orderLast: strList } } } },
  resources: strList,
  components: strList,
  crds: strList,
  bases: strList,
  configMapGenerator: { list: { obj: genArgs } },
  secretGenerator: { list: { obj: { ...genArgs, type: str } } },
  helmGlobals: 'any',
  helmCharts: 'any',
  helmChartInflationGenerator: 'any',
  generatorOptions: genOptions,
  configurations: strList,
  generators: strList,
  transformers: strList,
  validators: strList,
  buildMetadata: strList,
};

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'number' ? 'number' : typeof v;
}

/**
 * Checks `value` against the schema `t` and returns it with field names as declared (encoding/json
 * matches names case-insensitively). Throws an Error with a json-like message naming the field.
 * Unknown fields are errors when `strict` (DisallowUnknownFields), else left out (sigs.k8s.io/yaml).
 */
export function decodeStrict(value: unknown, t: T, where: string, strict = true): unknown {
  if (value === null || value === undefined) return undefined;
  if (t === 'any') return value;
  if (t === 'string') {
    if (typeof value !== 'string') throw new Error(`cannot unmarshal ${typeName(value)} into field ${where} of type string`);
    return value;
  }
  if (t === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`cannot unmarshal ${typeName(value)} into field ${where} of type bool`);
    return value;
  }
  if (t === 'int') {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new Error(`cannot unmarshal ${typeName(value)} into field ${where} of type int`);
    return value;
  }
  if ('list' in t) {
    if (!Array.isArray(value)) throw new Error(`cannot unmarshal ${typeName(value)} into field ${where} of type array`);
    return value.map((v, i) => decodeStrict(v, t.list, `${where}[${i}]`, strict));
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error(`cannot unmarshal ${typeName(value)} into field ${where} of type object`);
  const out: Record<string, unknown> = {};
  if ('map' in t) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const d = decodeStrict(v, t.map, `${where}.${k}`, strict);
      if (d === undefined && t.map !== 'any') out[k] = t.map === 'string' ? '' : d;
      else out[k] = d;
    }
    return out;
  }
  const byLower = new Map(Object.keys(t.obj).map((k) => [k.toLowerCase(), k]));
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const name = byLower.get(k.toLowerCase());
    if (!name) {
      if (strict) throw new Error(`json: unknown field "${k}"`);
      continue;
    }
    const d = decodeStrict(v, t.obj[name], where ? `${where}.${name}` : name, strict);
    if (d !== undefined) out[name] = d;
  }
  return out;
}
