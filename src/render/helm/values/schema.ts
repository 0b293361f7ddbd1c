import type { OutputUnit, SchemaDraft, Validator } from '@cfworker/json-schema';
import { lazyRequire } from '../lazy-require.js';

const jsonSchema = lazyRequire<{ Validator: typeof Validator }>('@cfworker/json-schema');
import { type Chart, chartName } from '../chart/chart.js';
import { isTable } from '../chart/go-yaml.js';
import type { Values } from './coalesce.js';

/**
 * `values.schema.json` checked as Helm checks it (chartutil.ValidateAgainstSchema, which uses
 * santhosh-tekuri/jsonschema v6): the draft is the one `$schema` names (draft 4, 6, 7, 2019-09,
 * 2020-12; 2020-12 when it names none or an unversioned one), `format` is asserted for drafts up to 7
 * only, each chart's schema sees the coalesced values of that chart, and the errors of every chart
 * are gathered under its name. @cfworker/json-schema does the validating: it interprets the schema
 * instead of generating code, so a 900 KB schema is ready in a fraction of a second (Ajv took 13 s to
 * compile redpanda's). Validators are kept by schema text.
 */
export class SchemaValidationError extends Error {}

const cache = new Map<string, Validator | { error: string }>();
const MAX_CACHE = 64;

function draftOf(schema: unknown): SchemaDraft {
  const id = isTable(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  if (id.includes('draft-04')) return '4';
  if (id.includes('draft-06') || id.includes('draft-07')) return '7';
  if (id.includes('2019-09')) return '2019-09';
  return '2020-12';
}

/** Drops `format` keywords (2019-09 and later only annotate with them, as santhosh-tekuri does by default). */
function withoutFormats(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutFormats);
  if (!isTable(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'format' && typeof v === 'string') continue;
    out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : withoutFormats(v);
  }
  return out;
}

function compile(text: string): Validator | { error: string } {
  const hit = cache.get(text);
  if (hit) return hit;
  let result: Validator | { error: string };
  try {
    const schema = JSON.parse(text) as unknown;
    const draft = draftOf(schema);
    const usable = draft === '2019-09' || draft === '2020-12' ? withoutFormats(schema) : schema;
    if (isTable(usable)) delete usable.$schema;
    result = new (jsonSchema().Validator)(usable as object, draft, false);
  } catch (cause) {
    result = { error: (cause as Error).message };
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(text, result);
  return result;
}

function describe(e: OutputUnit): string {
  return `- at '${e.instanceLocation.replace(/^#/, '')}': ${e.error}`;
}

/** Validates one chart's values against one schema text; the error text, or undefined when valid. */
export function validateAgainstSingleSchema(values: Values, schemaText: string): string | undefined {
  const validator = compile(schemaText);
  if ('error' in validator) return `${validator.error}\n`;
  let result: ReturnType<Validator['validate']>;
  try {
    result = validator.validate(values);
  } catch (cause) {
    return `unable to validate schema: ${(cause as Error).message}\n`;
  }
  if (result.valid) return undefined;
  // The innermost errors say what is wrong; the keywords that only combine them (properties, allOf,
  // $ref, ...) repeat them one level up.
  const combining = new Set(['properties', 'items', 'allOf', '$ref', 'prefixItems', '$dynamicRef', 'false']);
  const leaves = result.errors.filter((e) => !combining.has(e.keyword) && e.error !== 'False boolean schema.');
  return `${(leaves.length > 0 ? leaves : result.errors).map(describe).join('\n')}\n`;
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
