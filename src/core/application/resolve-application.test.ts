import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ValidationError } from '../errors.js';
import { resolveApplication } from './resolve-application.js';
import { ValidationErrorList } from './validation-problems.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixtures = (dir: string) =>
  readdirSync(path.join(testdata, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
const read = (dir: string, file: string) => readFileSync(path.join(testdata, dir, file), 'utf8');

describe('resolveApplication on valid fixtures', () => {
  for (const file of fixtures('valid')) {
    test(`${file} resolves to the expected form with every default filled in`, () => {
      const [input, expected] = parseAllDocuments(read('valid', file)).map((d) => d.toJS());
      const { manifest, ...resolved } = resolveApplication(input);
      assert.deepEqual(resolved, expected);
      assert.deepEqual(manifest, input);
      assert.notEqual(manifest, input, "the manifest is a copy, not the caller's object");
    });
  }
});

describe('resolveApplication on invalid fixtures', () => {
  for (const file of fixtures('invalid')) {
    const text = read('invalid', file);
    const expected = text
      .split('\n')
      .filter((l) => l.startsWith('# error: '))
      .map((l) => l.slice('# error: '.length));
    test(`${file} is refused with: ${expected[0]}`, () => {
      assert.ok(expected.length > 0, 'fixture names its expected errors');
      const error = captureError(() => resolveApplication(parse(text)));
      assert.ok(error instanceof ValidationError, 'a ValidationError');
      assert.equal(error.code, 'InvalidApplication');
      assert.equal(error.message, expected.join('\n'));
      assert.equal(error.field, expected[0].slice(0, expected[0].indexOf(': ')));
    });
  }
});

describe('resolveApplication errors', () => {
  test('several problems are listed one per line, each a ValidationError naming its field', () => {
    const error = captureError(() => resolveApplication(parse(read('invalid', 'many-problems.yaml'))));
    assert.ok(error instanceof ValidationErrorList);
    assert.deepEqual(
      error.errors.map((e) => e.field),
      ['kind', 'metadata.name', 'spec.source.repoURL', 'spec.source.interval', 'spec.syncPolicy.syncOptions[0]'],
    );
  });

  test('a repoURL carrying a token never shows the token in the message', () => {
    const error = captureError(() => resolveApplication(parse(read('invalid', 'repo-url-credentials.yaml'))));
    assert.ok(!error.message.includes('s3cr3t'));
    assert.ok(!error.message.includes('deploy:'));
  });

  test('a non-object input is refused without crashing', () => {
    for (const input of [null, undefined, 'text', 42]) {
      assert.throws(() => resolveApplication(input), /^ValidationError: Application: must be a mapping/);
    }
  });
});

function captureError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    return error as ValidationError;
  }
  assert.fail('expected an error');
}
