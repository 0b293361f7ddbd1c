import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readValues } from '../chart/go-yaml.js';
import { CONNECTORS_PARTIAL_VALUES, encodeGo, type GoType } from './go-types.js';

/** The Go types of charts that ship no values.schema.json, by chart directory name (go-types.ts). */
const GO_TYPES: Record<string, GoType> = { connectors: CONNECTORS_PARTIAL_VALUES };

/**
 * The redpanda-operator harnesses (console, connectors, operator; the corpus README's caveat and each
 * case's `notes`) did not give Helm the case's values text: they decoded it into the chart's Go
 * `PartialValues` struct and encoded that again. This emulates that round trip, for the conformance
 * harness only (never the renderer), from what the chart itself ships: its `values.schema.json`, which
 * gotohelm generates from the same Go types (`additionalProperties: false` exactly where the Go type is
 * a struct, a schema under `additionalProperties` where it is a map, `oneOf [..., {type: null}]` where
 * it is a pointer, slice or map). What encoding/json does to a struct, read off the schema:
 *
 * - a key the struct has no field for is dropped (`additionalProperties: false` and not in
 *   `properties`);
 * - a `null` for a struct field is a nil pointer, slice or map, omitted on encoding (every field of
 *   a Partial type and every optional Kubernetes field is `omitempty`): Helm then keeps the chart's
 *   default where the raw null would have deleted it;
 * - map values, list items and values of type `interface{}` (no schema) are kept as they are.
 *
 * connectors ships no schema: its harness struct is described in go-types.ts (the fields holding
 * Kubernetes types, with their omitempty: `topologyKey` written as "" when absent, an empty
 * `strategy.type` omitted). Any other chart without a schema gets its values unchanged. The cases this applies to are
 * the ones whose `notes` say the harness decoded the values into PartialValues; nothing is chosen by a
 * case's name.
 */
export const ROUND_TRIP_NOTE = "values were decoded into the chart's Go PartialValues type";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
};

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(schema: Schema, t: string): boolean {
  if (schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** The branch of a `oneOf`/`anyOf` that describes a value of this JSON type (the Go type's shape). */
function branchFor(schema: Schema, value: unknown): Schema | undefined {
  const branches = schema.oneOf ?? schema.anyOf;
  if (!branches) return schema;
  const t = jsonType(value);
  return branches.find((b) => typeMatches(b, t));
}

/** A field the schema lets be null: a slice, map or pointer without omitempty (nil encodes as null). */
function allowsNull(schema: Schema): boolean {
  const branches = schema.oneOf ?? schema.anyOf ?? [schema];
  return branches.some((b) => typeMatches(b, 'null') && b.type !== undefined);
}

/** The value as the Go struct described by `schema` encodes it again. */
export function roundTrip(value: unknown, schema: Schema | boolean | undefined): unknown {
  if (schema === undefined || typeof schema === 'boolean') return value;
  const s = branchFor(schema, value);
  if (!s) return value;
  if (Array.isArray(value)) return s.items ? value.map((v) => roundTrip(v, s.items)) : value;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const isStruct = s.additionalProperties === false;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const field = s.properties?.[k];
    if (field !== undefined) {
      if (v === null && isStruct && !allowsNull(field)) continue;
      out[k] = roundTrip(v, field);
    } else if (isStruct) {
      // no such field in the struct: dropped
    } else {
      out[k] = roundTrip(v, typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    }
  }
  return out;
}

/**
 * A case's values file as its harness gave it to Helm: for a chart with a values.schema.json, the
 * text decoded and encoded again (as JSON, which is YAML); otherwise the text unchanged.
 */
export function roundTripValuesFile(chartDir: string, text: string): string {
  let schema: Schema;
  try {
    schema = JSON.parse(readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as Schema;
  } catch {
    const type = GO_TYPES[path.basename(chartDir)];
    return type ? JSON.stringify(encodeGo(readValues(text), type)) : text;
  }
  return JSON.stringify(roundTrip(readValues(text), schema));
}
