import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { generated, repositoryYamlFiles } from '../../test/support/yaml-corpus.js';
import { parseFast, parseManifests, parseWithYaml } from './parse-manifests.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Both paths agree: the same objects and origins, or the same error. */
function outcome(parse: (text: string, file: string) => unknown, text: string): unknown {
  try {
    return { ok: parse(text, 'f.yaml') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Whether the fast path answered; when it does, its answer must be the yaml library's. */
function fastPathTook(text: string): boolean {
  const fast = parseFast(text, 'f.yaml');
  if (fast)
    assert.deepEqual(
      outcome(() => fast, text),
      outcome(parseWithYaml, text),
      text,
    );
  return fast !== undefined;
}

test('generated manifests with YAML 1.1 scalars in every style read the same through the fast path as through the yaml library', () => {
  let fast = 0;
  const texts = generated(600);
  for (const text of texts) {
    assert.deepEqual(outcome(parseManifests, text), outcome(parseWithYaml, text), text);
    if (fastPathTook(text)) fast += 1;
  }
  assert.ok(fast >= texts.length * 0.9, `the fast path answered ${fast} of ${texts.length} generated files`);
});

test('every YAML and JSON file in the repository reads the same through both paths', () => {
  const files = repositoryYamlFiles(root, true);
  assert.ok(files.length > 50, `${files.length} files`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.ok(isDeepStrictEqual(outcome(parseManifests, text), outcome(parseWithYaml, text)), path.relative(root, file));
  }
});

test('aliases, merge keys, explicit tags, complex keys and duplicate keys are left to the yaml library', () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
  const cases = [
    `${head}data:\n  a: &x "1"\n  b: *x\n`,
    `${head}base: &b { k: v }\ndata:\n  <<: *b\n`,
    `${head}data:\n  <<: { k: v }\n`,
    `${head}data:\n  a: !!str 012\n`,
    `${head}data:\n  a: !custom x\n`,
    `${head}data:\n  ? [a, b]\n  : c\n`,
    `${head}data:\n  a: 1\n  a: 2\n`,
    `${head}data:\n  1: one\n  "1": also one\n`,
    `${head}data:\n  2001-12-14: date key\n`,
    `%YAML 1.2\n---\n${head}data:\n  a: yes\n`,
    `--- !!map\n${head}`,
    `--- &root\n${head}`,
    `- ${head.replace(/\n/g, '\n  ')}`,
    `just a string`,
  ];
  for (const text of cases) {
    assert.deepEqual(outcome(parseManifests, text), outcome(parseWithYaml, text), text);
    assert.equal(fastPathTook(text), false, `declined: ${text}`);
  }
});

test('an alias bomb is refused as before, by the expansion bound', () => {
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: bomb }', 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    .concat(
      Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    )
    .join('\n');
  assert.throws(() => parseManifests(bomb, 'bomb.yaml'), /bomb\.yaml:\d+: YAML aliases expand this document beyond/);
});

test('origins name the line where each document starts, after comments and blank lines', () => {
  const text =
    '# header\n\n---\n# first\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n\n---\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
  assert.deepEqual(
    parseManifests(text, 'f.yaml').map((r) => r.origin?.line),
    [5, 12],
  );
  assert.deepEqual(parseManifests(text, 'f.yaml'), parseWithYaml(text, 'f.yaml'));
});

test('a "__proto__" key is an own property on both paths, never the prototype', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  __proto__: { polluted: "yes" }\n  toString: s\n';
  const [{ object }] = parseManifests(text, 'f.yaml');
  const data = object.data as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.deepEqual(Object.keys(data), ['__proto__', 'toString']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(fastPathTook(text), true);
});

test('a timestamp read in two files gives two Date objects, so no two objects share one', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n  at: 2001-12-14\n';
  const [first] = parseFast(text, 'a.yaml')!;
  const [second] = parseFast(text, 'b.yaml')!;
  const a = (first.object.data as Record<string, unknown>).at;
  const b = (second.object.data as Record<string, unknown>).at;
  assert.ok(a instanceof Date && b instanceof Date);
  assert.notEqual(a, b);
  assert.deepEqual(a, b);
});
