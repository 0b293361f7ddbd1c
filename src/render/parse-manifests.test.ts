import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifests } from './parse-manifests.js';

test('digit-less scalars such as "." stay strings while YAML 1.1 numbers and booleans still resolve', () => {
  const cases: Array<[string, unknown]> = [
    ['.', '.'],
    ['-.', '-.'],
    ['e5', 'e5'],
    ['.e5', '.e5'],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['-.5', -0.5],
    ['.inf', Infinity],
    ['yes', true],
    ['012', 10],
  ];
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n' + cases.map(([v], i) => `  k${i}: ${v}`).join('\n');
  const data = parseManifests(text, 'x.yaml')[0].object.data as Record<string, unknown>;
  cases.forEach(([written, expected], i) => assert.equal(data[`k${i}`], expected, `${written} reads as ${String(expected)}`));
});

test('a YAML error names the line where it is, not where its document starts', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n  b: [unclosed\n';
  assert.throws(
    () => parseManifests(text, 'dir/cm.yaml'),
    (error: Error & { file?: string; line?: number }) => {
      assert.equal(error.file, 'dir/cm.yaml');
      assert.ok(error.line !== undefined && error.line >= 7, `line ${error.line} is at or after the error`);
      assert.ok(error.message.startsWith(`dir/cm.yaml:${error.line}: invalid YAML: `));
      return true;
    },
  );
});
