import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RenderError } from '../../core/errors.js';
import { parseYamlDocuments } from './yaml-io.js';

describe('YAML input (go-yaml v3 typing, limits)', () => {
  test("types plain scalars as go-yaml v3 does (kustomize's reader)", () => {
    const [doc] = parseYamlDocuments('a: yes\nb: 0777\nc: 1_000\nd: 0x1F\ne: 1e3\nf: "10"\ng: 2020-01-01\nh: True\n', 'x.yaml');
    assert.deepEqual(doc.value, { a: 'yes', b: 511, c: 1000, d: 31, e: 1000, f: '10', g: '2020-01-01', h: true });
  });

  test('refuses alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    assert.throws(
      () => parseYamlDocuments(bomb.join('\n'), 'bomb.yaml'),
      (e: unknown) => e instanceof RenderError && e.file === 'bomb.yaml',
    );
  });

  test('expands aliases into separate copies', () => {
    const [doc] = parseYamlDocuments('a: &x {k: 1}\nb: *x\n', 'x.yaml');
    const v = doc.value as Record<string, Record<string, number>>;
    v.a.k = 2;
    assert.equal(v.b.k, 1);
  });

  test('names the file and line of a syntax error', () => {
    assert.throws(
      () => parseYamlDocuments('a: 1\nb: [\n', 'bad.yaml'),
      (e: unknown) => e instanceof RenderError && e.file === 'bad.yaml' && /^bad\.yaml:\d+:/.test(e.message),
    );
  });

  test('a YAML error names its line: an unterminated flow sequence at the line where it opens', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n';
    for (const [text, line] of [
      [`${head}  x: [a, b\n  y: "1"\n`, 6],
      [`${head}  x: {a: b\n`, 6],
      ['a: 1\nb: [1, 2]]\n', 2],
      [`---\n${head}---\n${head}  x: [a\n`, 13],
    ] as const) {
      assert.throws(
        () => parseYamlDocuments(text, 'cm.yaml'),
        (error: RenderError) => {
          assert.equal(error.line, line, error.message);
          assert.ok(error.message.startsWith(`cm.yaml:${line}: invalid YAML: `), error.message);
          return true;
        },
      );
    }
  });
});
