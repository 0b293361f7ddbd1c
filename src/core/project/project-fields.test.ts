import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FieldSpec } from '../application/application-fields.js';
import { ValidationErrorList } from '../application/validation-problems.js';
import { ValidationError } from '../errors.js';
import { PROJECT_SPEC_FIELDS } from './project-fields.js';
import { resolveProject } from './resolve-project.js';

/** Every leaf of the Project table as a path and a value of the wrong type. */
function leaves(spec: FieldSpec, path: (string | number)[]): { path: (string | number)[]; wrong: unknown }[] {
  const wrong = spec.type === 'string' ? 42 : spec.type === 'boolean' ? 'yes' : 'text';
  const here = { path, wrong };
  if (spec.type === 'object') return [here, ...Object.entries(spec.fields).flatMap(([key, child]) => leaves(child, [...path, key]))];
  if (spec.type === 'list') return [here, ...leaves(spec.items, [...path, 0]).slice(1)];
  return [here];
}

/** A valid Project with `value` at `path` (list items of objects get the other required fields). */
function withValue(path: (string | number)[], value: unknown): Record<string, unknown> {
  const project: Record<string, unknown> = { apiVersion: 'tideway.dev/v1alpha1', kind: 'Project', metadata: { name: 'p' }, spec: {} };
  let node: Record<string | number, unknown> = project;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else {
      const next = path[i + 1];
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof next === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
  });
  return project;
}

const display = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');

describe('the Project field table (and so its CRD) agrees with the validation', () => {
  for (const leaf of leaves(PROJECT_SPEC_FIELDS, ['spec']).slice(1)) {
    const field = display(leaf.path);
    test(`a value of the wrong type at ${field} is refused at that field`, () => {
      let error: unknown;
      try {
        resolveProject(withValue(leaf.path, leaf.wrong));
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof ValidationError, `${field}: ${JSON.stringify(leaf.wrong)} was accepted`);
      const fields = error instanceof ValidationErrorList ? error.errors.map((e) => e.field) : [error.field];
      assert.ok(fields.includes(field), `${field} not among ${fields.join(', ')}`);
    });
  }

  test('a field the table does not hold is refused as unknown', () => {
    assert.throws(() => resolveProject(withValue(['spec', 'sourceRepoz'], ['*'])), /spec\.sourceRepoz/);
  });
});
