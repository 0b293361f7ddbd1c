import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft07 from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { type Chart, chartName } from '../chart/chart.js';
import { isTable } from '../chart/go-yaml.js';
import type { Values } from './coalesce.js';

/**
 * `values.schema.json` checked as Helm checks it (chartutil.ValidateAgainstSchema, which uses
 * santhosh-tekuri/jsonschema v6): the draft is the one `$schema` names (draft 4, 6, 7, 2019-09,
 * 2020-12; 2020-12 when it names none or an unversioned one), `format` is asserted for drafts up to 7
 * only, each chart's schema sees the coalesced values of that chart, and the errors of every chart
 * are gathered under its name. Ajv (with ajv-formats) does the validating; compiled schemas are kept
 * by their text, so a chart rendered again is not compiled again.
 */
export class SchemaValidationError extends Error {}

type Draft = '4' | '6' | '7' | '2019' | '2020';

const cache = new Map<string, ValidateFunction | { error: string }>();
const MAX_CACHE = 64;

function draftOf(schema: unknown): Draft {
  const id = isTable(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  if (id.includes('draft-04')) return '4';
  if (id.includes('draft-06')) return '6';
  if (id.includes('draft-07')) return '7';
  if (id.includes('2019-09')) return '2019';
  return '2020';
}

// Ajv's classes come as CommonJS default exports; each is a constructor.
type AjvClass = new (
  options: Record<string, unknown>,
) => {
  compile(schema: AnySchema): ValidateFunction;
  addMetaSchema(schema: AnySchema): unknown;
};
const unwrap = (m: unknown): AjvClass => ((m as { default?: AjvClass }).default ?? m) as AjvClass;

function compile(text: string): ValidateFunction | { error: string } {
  const hit = cache.get(text);
  if (hit) return hit;
  let result: ValidateFunction | { error: string };
  try {
    const schema = JSON.parse(text) as unknown;
    const draft = draftOf(schema);
    if (isTable(schema)) delete schema.$schema;
    const options = {
      strict: false,
      allErrors: true,
      validateSchema: false,
      validateFormats: draft === '4' || draft === '6' || draft === '7',
    };
    const Cls = unwrap(draft === '4' ? AjvDraft04 : draft === '2019' ? Ajv2019 : draft === '2020' ? Ajv2020 : AjvDraft07);
    const ajv = new Cls(options);
    if (draft === '6') ajv.addMetaSchema(draft06MetaSchema as AnySchema);
    (addFormats as unknown as (a: unknown) => void)(ajv);
    result = ajv.compile(schema as AnySchema);
  } catch (cause) {
    result = { error: (cause as Error).message };
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(text, result);
  return result;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath === '' ? '' : e.instancePath;
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'required') message = `missing property '${(e.params as { missingProperty: string }).missingProperty}'`;
  else if (e.keyword === 'additionalProperties')
    message = `additional properties '${(e.params as { additionalProperty: string }).additionalProperty}' not allowed`;
  else if (e.keyword === 'enum')
    message = `value must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return `- at '${at}': ${message}`;
}

/** Validates one chart's values against one schema text; the error text, or undefined when valid. */
export function validateAgainstSingleSchema(values: Values, schemaText: string): string | undefined {
  const validate = compile(schemaText);
  if ('error' in validate) return `${validate.error}\n`;
  if (validate(values)) return undefined;
  const errors = (validate.errors ?? []).filter(
    (e) => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword) || (validate.errors ?? []).length === 1,
  );
  return `${(errors.length > 0 ? errors : (validate.errors ?? [])).map(describe).join('\n')}\n`;
}

const decoder = new TextDecoder();

/** ValidateAgainstSchema over the chart and its subcharts; throws Helm's message when any fails. */
export function validateValuesAgainstSchemas(chart: Chart, values: Values): void {
  const text = collect(chart, values);
  if (text !== '')
    throw new SchemaValidationError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${text}`);
}

function collect(chart: Chart, values: Values): string {
  let out = '';
  if (chart.schema !== undefined) {
    const err = validateAgainstSingleSchema(values, decoder.decode(chart.schema));
    if (err !== undefined) out += `${chartName(chart)}:\n${err}`;
  }
  for (const sub of chart.dependencies) {
    const raw = values[chartName(sub)];
    if (raw === undefined || raw === null) continue;
    if (!isTable(raw)) {
      out += `${chartName(sub)}:\ninvalid type for values: expected object (map), got ${Array.isArray(raw) ? '[]interface {}' : typeof raw}\n`;
      continue;
    }
    out += collect(sub, raw);
  }
  return out;
}
