import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { stringify, type ToStringOptions } from 'yaml';
import { generated, PLAIN, QUOTED, random, repositoryYamlFiles } from '../../test/support/yaml-corpus.js';
import { loadBlockDocuments } from './block-yaml.js';
import { trimFinalBlockScalar } from './final-block-scalar.js';
import { plainResolver, readWithYaml } from './parse-manifests.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The scanner's documents (value and line), or undefined when it declined; post-processed as parseFast does. */
function scanned(text: string): unknown {
  const docs = loadBlockDocuments(text, plainResolver())?.map(({ value, line }) => ({ value, line }));
  if (docs && docs.length > 0) trimFinalBlockScalar(text, docs[docs.length - 1].value);
  return docs;
}

/** What the yaml library reads, or its error. */
function reference(text: string): unknown {
  try {
    return readWithYaml(text, 'f.yaml');
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Whether the scanner answered; when it does, its answer must be the yaml library's. */
function answered(text: string): boolean {
  const own = scanned(text);
  if (own !== undefined) assert.deepEqual(own, reference(text), text);
  return own !== undefined;
}

const manifestHead = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

test('where the scanner answers for generated manifests, it reads what the yaml library reads, and it answers for most', () => {
  const texts = generated(600);
  const took = texts.filter(answered).length;
  assert.ok(took >= texts.length * 0.5, `the scanner answered ${took} of ${texts.length}`);
});

test('manifests written by the yaml library in every style it has read the same through the scanner', () => {
  const rnd = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth < 4 && r < 0.2)
      return Object.fromEntries(
        Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => [
          pick([...PLAIN, ...QUOTED, 'name', 'image', 'key with spaces']),
          value(depth + 1),
        ]),
      );
    if (depth < 4 && r < 0.35) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    if (r < 0.5) return pick([0, 1, -7, 3.25, 1e21, true, false, null]);
    if (r < 0.6) return pick(['line one\nline two', 'text that goes\n\non\n', 'trailing\n\n', ' leading space', 'x\n  indented\ny']);
    return pick([...PLAIN, ...QUOTED]);
  };
  const styles: ToStringOptions[] = [
    {},
    { indent: 4 },
    { indentSeq: false },
    { flowCollectionPadding: false },
    { collectionStyle: 'flow' },
    { defaultStringType: 'QUOTE_DOUBLE' },
    { defaultStringType: 'QUOTE_SINGLE' },
    { defaultStringType: 'BLOCK_LITERAL' },
    { defaultStringType: 'BLOCK_FOLDED' },
    { defaultKeyType: 'PLAIN', lineWidth: 0 },
    { lineWidth: 20, minContentWidth: 0 },
  ];
  let took = 0;
  let total = 0;
  for (let i = 0; i < 400; i++) {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `obj-${i}`, labels: { app: `obj-${i}` } }, data: value(0) };
    const options = styles[i % styles.length];
    let text: string;
    try {
      text = stringify(object, { version: '1.1', ...options });
    } catch {
      continue; // a style the library cannot write this value in
    }
    for (const file of [text, `---\n${text}---\n# and another\n${text.replace('obj-', 'second-')}`]) {
      total += 1;
      if (answered(file)) took += 1;
    }
  }
  assert.ok(took >= total * 0.6, `the scanner answered ${took} of ${total}`);
});

test('texts mutated a character at a time are read as the yaml library reads them, or declined', () => {
  const rnd = random(11);
  const seeds = [
    ...generated(60),
    `${manifestHead}spec:\n  list:\n  - name: a\n    value: "x"\n  - { k: v }\n  text: |\n    line\n  folded: >-\n    a\n    b\n`,
  ];
  const pieces = [
    ' ',
    '  ',
    ':',
    ': ',
    '-',
    '- ',
    '#',
    ' #',
    '"',
    "'",
    '\n',
    '\n  ',
    '|',
    '>',
    '[',
    ']',
    '{',
    '}',
    ',',
    '?',
    '\\',
    'x',
    '&',
    '*',
    '!',
    '~',
    '---',
    '\n...',
    '<<',
    '%',
  ];
  let took = 0;
  for (let i = 0; i < 3000; i++) {
    let text = seeds[i % seeds.length];
    for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
      const at = Math.floor(rnd() * (text.length + 1));
      const cut = rnd() < 0.3 ? 1 + Math.floor(rnd() * 3) : 0;
      text = text.slice(0, at) + (rnd() < 0.8 ? pieces[Math.floor(rnd() * pieces.length)] : '') + text.slice(at + cut);
    }
    if (answered(text)) took += 1;
  }
  assert.ok(took > 300, `the scanner answered ${took} of the mutated texts`);
});

test('every YAML file in the repository that the scanner answers for reads as the yaml library reads it', () => {
  const files = repositoryYamlFiles(root);
  const took = files.filter((file) => answered(readFileSync(file, 'utf8'))).length;
  assert.ok(took >= files.length * 0.8, `the scanner answered ${took} of ${files.length} files`);
});

test('the shapes manifests are written in read as the yaml library reads them', () => {
  const cases = [
    // a Deployment as people write it: nested mappings, compact sequences, sequences of mappings
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: { app: web, tier: "front" }\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        args: ["--port", '8080', -v]\n        env:\n          - name: A\n            value: "1"\n          - name: B\n            valueFrom: { secretKeyRef: { name: s, key: k } }\n        ports:\n        - containerPort: 80\n          protocol: TCP\n      volumes: []\n`,
    // comments everywhere, blank lines, a value on the next lines, null values
    `# head\n\n${manifestHead}# between\ndata:   # after a key\n  # inside\n  a: 1 # after a value\n\n  b:\n  c: ~\n  d: "x # not a comment"\n  e: a#b\n`,
    // block scalars: literal and folded, clip and strip, blank lines inside and after
    `${manifestHead}data:\n  script: |\n    #!/bin/sh\n    echo "a: b"\n\n    exit 0\n\n\n  folded: >\n    one\n    two\n\n    three\n  stripped: |-\n    no newline\n  foldstrip: >-\n    a\n    b\n  empty: |\n  last: x\n`,
    // sequences: as a value at the key's column, nested under items, with scalars of every type
    `${manifestHead}list:\n- a\n- 1\n- yes\n- ~\n-\n- last\n`,
    `${manifestHead}list:\n  - name: a\n    items:\n    - 1\n    - 2\n  - name: b\n  -   indented: far\n      next: same column\n`,
    // quoted keys and escapes
    `${manifestHead}data:\n  "quoted key": v\n  'single': 'it''s'\n  esc: "tab\\tnew\\nline \\u00e9 \\x41 \\\\ \\""\n  "1": one\n`,
    // flow collections, nested and empty
    `${manifestHead}f: { a: [1, 2, { b: c }], "d": 'e', empty: {}, none: [] }\n`,
    // several documents, empty ones, and the line each starts on
    `---\n# first\n${manifestHead}---\n---\n\n${manifestHead.replace('name: x', 'name: y')}`,
    // a no-break space is text, not a space to trim
    `${manifestHead}data:\n  a: x\u00a0\n  b: \u00a0y\n`,
    // keys the yaml library writes as text: numbers, booleans, null
    `${manifestHead}data:\n  1: one\n  yes: y\n  ~: nothing\n  0x10: hex\n`,
    // a root mapping that is indented, and keys with spaces before the colon
    `  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n  data  :\n    a   : b\n`,
  ];
  for (const text of cases) assert.equal(answered(text), true, `answered: ${text}`);
});

test('a "__proto__" key is an own property, never the prototype', () => {
  const docs = loadBlockDocuments(`${manifestHead}data:\n  __proto__: { polluted: "yes" }\n`, plainResolver());
  const data = docs?.[0].value.data as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.deepEqual(Object.keys(data), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('whatever the scanner is not sure of is declined, for the next parser to read', () => {
  const cases: Array<[string, string]> = [
    ['a tab', `${manifestHead}data:\n\ta: 1\n`],
    ['CRLF line ends', manifestHead.replace(/\n/g, '\r\n')],
    ['a byte-order mark', `\uFEFF${manifestHead}`],
    ['a sequence in a sequence entry', `${manifestHead}data:\n- - x\n`],
    ['a directive', `%YAML 1.1\n---\n${manifestHead}`],
    ['a document end marker', `${manifestHead}...\n`],
    ['content after ---', `--- ${manifestHead}`],
    ['an anchor and an alias', `${manifestHead}data:\n  a: &x 1\n  b: *x\n`],
    ['a tag', `${manifestHead}data:\n  a: !!str 1\n`],
    ['a complex key', `${manifestHead}data:\n  ? a\n  : b\n`],
    ['a merge key', `${manifestHead}data:\n  <<: { a: 1 }\n`],
    ['a merge key in flow', `${manifestHead}data: { <<: { a: 1 } }\n`],
    ['a duplicate key', `${manifestHead}data:\n  a: 1\n  a: 2\n`],
    ['keys that collide as text', `${manifestHead}data:\n  1: a\n  "1": b\n`],
    ['a timestamp key', `${manifestHead}data:\n  2001-12-14: a\n`],
    ['a plain scalar over two lines', `${manifestHead}data:\n  a: one\n    two\n`],
    ['a quoted scalar over two lines', `${manifestHead}data:\n  a: "one\n    two"\n`],
    ['a flow collection over two lines', `${manifestHead}data: { a: 1,\n  b: 2 }\n`],
    ['a keep-chomping block scalar', `${manifestHead}data:\n  a: |+\n    x\n\n`],
    ['an indentation indicator', `${manifestHead}data:\n  a: |2\n     x\n`],
    ['a folded scalar with a more-indented line', `${manifestHead}data:\n  a: >\n    x\n      y\n    z\n`],
    ['a list as the root', '- a\n- b\n'],
    ['a scalar as the root', 'just text\n'],
    ['a mapping value on the key line', `${manifestHead}data:\n  a: b: c\n`],
    ['a pair inside a flow sequence', `${manifestHead}data: [a: b]\n`],
    ['a trailing comma', `${manifestHead}data: [a, b, ]\n`],
    ['a flow key without a value', `${manifestHead}data: { a, b: c }\n`],
    ['a line indented deeper than its mapping', `${manifestHead}data:\n  a: 1\n    b: 2\n`],
    ['a line between two indentations', `${manifestHead}data:\n    a: 1\n  b: 2\n`],
    ['a dash inside a mapping', `${manifestHead}data:\n  a: 1\n  - b\n`],
    ['an unknown escape', `${manifestHead}data:\n  a: "\\q"\n`],
    ['an escaped surrogate', `${manifestHead}data:\n  a: "\\ud83d\\ude00"\n`],
    ['a comment without a space', `${manifestHead}data:\n  a: "x"#c\n`],
    ['a JSON document over several lines', '{\n  "apiVersion": "v1"\n}\n'],
  ];
  for (const [what, text] of cases) assert.equal(loadBlockDocuments(text, plainResolver()), undefined, what);
});

test('a deeply nested text is declined rather than followed', () => {
  let text = manifestHead;
  for (let i = 0; i < 100; i++) text += `${'  '.repeat(i)}k${i}:\n`;
  text += `${'  '.repeat(100)}leaf: x\n`;
  assert.equal(loadBlockDocuments(text, plainResolver()), undefined);
});
