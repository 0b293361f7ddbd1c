import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Manifest } from '../../core/model/manifest.js';
import { validateHostObject } from './validate.js';

interface Case {
  name: string;
  object: Manifest;
  expect?: Record<string, unknown>;
  errors?: string[];
}

const cases = parse(readFileSync(new URL('./testdata/validate-cases.yaml', import.meta.url), 'utf8')) as Case[];

describe('validateHostObject', () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = validateHostObject(c.object);
      if (c.errors) {
        assert.equal(result.ok, false, 'expected validation errors');
        if (!result.ok)
          assert.deepEqual(
            result.errors.map((e) => e.message),
            c.errors,
          );
        if (!result.ok) for (const e of result.errors) assert.equal(e.message.startsWith(`${e.field}: `), true);
      } else {
        assert.equal(result.ok, true, result.ok ? '' : result.errors.map((e) => e.message).join('; '));
        if (result.ok)
          for (const [key, value] of Object.entries(c.expect ?? {}))
            assert.deepEqual((result.value as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }
});
