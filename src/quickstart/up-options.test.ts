import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { QuickstartError } from './quickstart-error.js';
import { resolveUpOptions, type UpOptions } from './up-options.js';

interface Case {
  name: string;
  input: Omit<UpOptions, 'cwd'>;
  expect?: Record<string, unknown>;
  error?: string;
}
const cases = parse(readFileSync(new URL('./testdata/up-options-cases.yaml', import.meta.url), 'utf8')) as Case[];

describe('resolveUpOptions', () => {
  for (const c of cases) {
    test(c.name, () => {
      const run = () => resolveUpOptions({ cwd: '/work/here', ...c.input });
      if (c.error) {
        assert.throws(run, (e: unknown) => e instanceof QuickstartError && e.code === 'InvalidApplication' && e.message.includes(c.error!));
        return;
      }
      const resolved = run() as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(c.expect!)) assert.deepEqual(resolved[key], value, key);
    });
  }
});

test('a secret in a refused repository URL is not repeated in the error', () => {
  assert.throws(
    () => resolveUpOptions({ cwd: '/w', repo: 'https://user:hunter2@git.example.com/r.git' }),
    (e: Error) => !e.message.includes('hunter2'),
  );
});
