import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseManifests, parseWithYaml } from './parse-manifests.js';

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

test('a block scalar that ends the file without a final newline keeps no newline, as go-yaml (kubectl, Argo CD) reads it', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n';
  const cases: Array<[string, string, string]> = [
    ['literal, clip', '  a: |\n    line 1\n    line 2', 'line 1\nline 2'],
    ['literal, keep', '  a: |+\n    line 1', 'line 1'],
    ['literal, strip', '  a: |-\n    line 1', 'line 1'],
    ['folded', '  a: >\n    one\n    two', 'one two'],
    ['literal, with a final newline', '  a: |\n    line 1\n', 'line 1\n'],
    ['literal, then a blank indented line', '  a: |\n    line 1\n    ', 'line 1\n'],
    ['literal, then a comment', '  a: |\n    line 1\n# done', 'line 1\n'],
    ['in a list', '  a: "1"\n  b:\n  - |\n    item', '1'],
  ];
  for (const [name, body, want] of cases) {
    for (const parse of [parseManifests, parseWithYaml]) {
      const data = parse(head + body, 'cm.yaml')[0].object.data as Record<string, unknown>;
      assert.equal(data.a, want, `${name} (${parse.name})`);
    }
  }
  const multi = `${head}  a: |\n    first\n---\n${head}  a: |\n    last`;
  for (const parse of [parseManifests, parseWithYaml]) {
    const got = parse(multi, 'cm.yaml').map((o) => (o.object.data as Record<string, unknown>).a);
    assert.deepEqual(got, ['first\n', 'last'], `only the file's last document ends at the end of the file (${parse.name})`);
  }
  const list =
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n  data:\n    a: |\n      in a List';
  assert.equal((parseManifests(list, 'l.yaml')[0].object.data as Record<string, unknown>).a, 'in a List');
});

test('an unterminated flow sequence or mapping is reported at the line where it opens', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n';
  for (const body of ['  x: [a, b\n  y: "1"\n', '  x: [a, b\n', '  x: {a: b\n', '  x: [a, b']) {
    for (const parse of [parseManifests, parseWithYaml]) {
      assert.throws(
        () => parse(head + body, 'cm.yaml'),
        (error: Error & { line?: number }) => {
          assert.equal(error.line, 6, `${JSON.stringify(body)}: ${error.message}`);
          assert.match(error.message, /^cm\.yaml:6: invalid YAML: the flow (sequence|mapping) opened on line 6 is not closed/);
          return true;
        },
      );
    }
  }
});
