import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roundTrip } from './go-round-trip.js';
import { CONNECTORS_PARTIAL_VALUES, encodeGo } from './go-types.js';

const nullable = (s: object) => ({ oneOf: [s, { type: 'null' }] });
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    replicas: { type: 'integer' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    config: {},
    terms: nullable({ type: 'array', items: { type: 'object', additionalProperties: false, properties: { key: { type: 'string' } } } }),
  },
};

const cases: { name: string; input: unknown; want: unknown }[] = [
  { name: 'a key the struct has no field for is dropped', input: { name: 'a', enterprise: {} }, want: { name: 'a' } },
  { name: 'a null for an omitempty field is omitted', input: { replicas: null, name: 'a' }, want: { name: 'a' } },
  { name: 'a null for a field the schema lets be null is kept', input: { terms: null }, want: { terms: null } },
  { name: 'map keys are kept, whatever they are', input: { labels: { '': 'x', b: 'y' } }, want: { labels: { '': 'x', b: 'y' } } },
  {
    name: 'a value of type interface{} is kept as given',
    input: { config: { any: { deep: null } } },
    want: { config: { any: { deep: null } } },
  },
  { name: 'list items go through their own type', input: { terms: [{ key: 'k', extra: 1 }] }, want: { terms: [{ key: 'k' }] } },
];

for (const c of cases) {
  test(`the schema round trip: ${c.name}`, () => {
    assert.deepEqual(roundTrip(c.input, schema), c.want);
  });
}

const goCases: { name: string; input: unknown; want: unknown }[] = [
  {
    name: 'a field without omitempty is written at its zero value (topologyKey)',
    input: { deployment: { podAntiAffinity: { type: 'custom', custom: { requiredDuringSchedulingIgnoredDuringExecution: [{}] } } } },
    want: {
      deployment: {
        podAntiAffinity: { type: 'custom', custom: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } },
      },
    },
  },
  {
    name: 'an empty string in an omitempty field is omitted (strategy.type)',
    input: { deployment: { strategy: { type: '' } } },
    want: { deployment: { strategy: {} } },
  },
  {
    name: 'keys a Kubernetes type does not have are dropped (podAffinity)',
    input: { deployment: { podAffinity: { nodeAffinity: { a: 1 } } } },
    want: { deployment: { podAffinity: {} } },
  },
  {
    name: 'parts the description leaves open are kept',
    input: { image: { tag: 'x' }, deployment: { replicas: 2 } },
    want: { image: { tag: 'x' }, deployment: { replicas: 2 } },
  },
];

for (const c of goCases) {
  test(`the Go type round trip: ${c.name}`, () => {
    assert.deepEqual(encodeGo(c.input, CONNECTORS_PARTIAL_VALUES), c.want);
  });
}
