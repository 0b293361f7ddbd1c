import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../errors.js';
import { type FieldSpec, SPEC_FIELDS } from './application-fields.js';
import { resolveApplication } from './resolve-application.js';
import { ValidationErrorList } from './validation-problems.js';

/** Every leaf of the table, as a path (`spec.source.helm.parameters[0].name`) and a value of the wrong type. */
function leaves(spec: FieldSpec, path: (string | number)[]): { path: (string | number)[]; wrong: unknown }[] {
  const here = { path, wrong: wrongValue(spec) };
  if (spec.type === 'object') return [here, ...Object.entries(spec.fields).flatMap(([key, child]) => leaves(child, [...path, key]))];
  if (spec.type === 'list') return [here, ...leaves(spec.items, [...path, 0]).slice(1)];
  return [here];
}

function wrongValue(spec: FieldSpec): unknown {
  switch (spec.type) {
    case 'string':
      return 42;
    case 'boolean':
      return 'yes';
    case 'integer':
    case 'number':
      return 'many';
    case 'list':
    case 'object':
      return 'text';
    case 'free':
      return spec.shape === 'scalar' ? { a: 1 } : 5;
  }
}

function withValue(path: (string | number)[], value: unknown): Record<string, unknown> {
  const app: Record<string, unknown> = {
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { source: { repoURL: 'https://example.com/r.git' } },
  };
  let node: Record<string | number, unknown> = app;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else {
      const next = path[i + 1];
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof next === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
  });
  return app;
}

const display = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');

describe('the field table agrees with the validation', () => {
  for (const leaf of leaves(SPEC_FIELDS, ['spec']).slice(1)) {
    const field = display(leaf.path);
    test(`a value of the wrong type at ${field} is refused at that field`, () => {
      let error: unknown;
      try {
        resolveApplication(withValue(leaf.path, leaf.wrong));
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof ValidationError, `${field}: ${JSON.stringify(leaf.wrong)} was accepted`);
      const fields = error instanceof ValidationErrorList ? error.errors.map((e) => e.field) : [error.field];
      assert.ok(fields.includes(field), `${field} not among ${fields.join(', ')}`);
    });
  }
});
