import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
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
  if (fast) assert.deepEqual(outcome(() => fast, text), outcome(parseWithYaml, text), text);
  return fast !== undefined;
}

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain scalars of every YAML 1.1 type, and strings that look like them. */
const PLAIN = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'TRUE', 'null', 'Null', 'NULL', '~', '',
  '0', '-1', '+7', '012', '0o12', '0x1F', '-0x1f', '0b101', '1_000', '190:20:30', '-1:30', '08', '0.', '1e3', '1E3',
  '1.5', '.5', '-.5', '1.2e-3', '6.8523015e+5', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1_0.5', '1:20.5', '.', '-.', 'e5', '.e5',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14T00:00:00Z',
  'nginx:1.25', 'app.kubernetes.io/name', 'a b c', 'x-y_z', 'http://example.com/a?b=c', '1.2.3', 'v1', '0.0.0.0/0', 'é', '日本',
  'yes please', 'on-call', 'null-ish', '12abc', '0x', '--flag', 'a:b', 'trailing.', '@at', '`tick`'.slice(1),
];

const QUOTED = ['', 'yes', '012', 'a: b', '# not a comment', 'multi\nline', 'tab\there', 'quote "x"', "it's", 'é\u0001', '- dash', '{brace}', '  spaces  '];

function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}
function singleQuoted(s: string): string {
  return `'${s.replace(/'/g, "''").replace(/\n/g, '\n\n')}'`;
}

function scalar(rnd: () => number, indent: string): string {
  const r = rnd();
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  if (r < 0.55) return pick(PLAIN);
  if (r < 0.7) return doubleQuoted(pick(QUOTED));
  if (r < 0.8) return singleQuoted(pick(QUOTED).replace(/[\t\u0001]/g, ''));
  const header = pick(['|', '|-', '|+', '>', '>-', '>+', '|2']);
  const body = pick(['one\ntwo', 'one\n\ntwo\n', 'folded text that\ngoes on\n  more indented\nback', 'x']);
  const pad = header === '|2' ? `${indent}  ` : `${indent}  `;
  return `${header}\n${body.split('\n').map((l) => (l ? pad + l : '')).join('\n')}`;
}

function mapping(rnd: () => number, depth: number, indent: string): string {
  const keys = ['a', 'b', 'name', 'value', 'app.kubernetes.io/part-of', '"quoted key"', 'yes', '1', 'x_y', 'emptyish'];
  const lines: string[] = [];
  const used = new Set<string>();
  const count = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < count; i++) {
    const key = keys[Math.floor(rnd() * keys.length)];
    if (used.has(key)) continue;
    used.add(key);
    const r = rnd();
    if (depth < 3 && r < 0.2) lines.push(`${indent}${key}:\n${mapping(rnd, depth + 1, `${indent}  `)}`);
    else if (depth < 3 && r < 0.3) lines.push(`${indent}${key}:\n${indent}- ${scalar(rnd, `${indent}  `)}\n${indent}- ${scalar(rnd, `${indent}  `)}`);
    else if (r < 0.38) lines.push(`${indent}${key}: { k: ${PLAIN[Math.floor(rnd() * 40)] || 'z'}, "q": "v" }`);
    else if (r < 0.44) lines.push(`${indent}${key}: [ ${PLAIN.slice(0, 20)[Math.floor(rnd() * 20)] || '1'}, "two", 3 ]   # trailing comment`);
    else lines.push(`${indent}${key}: ${scalar(rnd, indent)}`);
  }
  return lines.join('\n');
}

function manifest(rnd: () => number, i: number): string {
  const kind = ['ConfigMap', 'Service', 'Deployment', 'Widget'][i % 4];
  return `# object ${i}\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: obj-${i}\n  labels: { app: obj-${i}, tier: "web" }\ndata:\n${mapping(rnd, 1, '  ')}\n`;
}

function generated(count: number): string[] {
  const rnd = random(20261122);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const docs = [manifest(rnd, i)];
    if (rnd() < 0.3) docs.push(manifest(rnd, i + 10_000));
    if (rnd() < 0.1) docs.push('');
    let text = (rnd() < 0.5 ? '---\n' : '') + docs.join('---\n');
    if (rnd() < 0.1) text = text.replace(/\n/g, '\r\n');
    if (rnd() < 0.05) text = `\uFEFF${text}`;
    texts.push(text);
  }
  return texts;
}

function fixtureFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) fixtureFiles(full, out);
    else if (/\.(ya?ml|json)$/.test(name) && statSync(full).size < 1_000_000) out.push(full);
  }
  return out;
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
  const files = ['src', 'test', 'examples'].flatMap((d) => fixtureFiles(path.join(root, d)));
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

test('an alias bomb is refused as before, by the yaml library', () => {
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: bomb }', 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    .concat(Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`))
    .join('\n');
  assert.throws(() => parseManifests(bomb, 'bomb.yaml'), /bomb\.yaml:\d+: invalid YAML: .*alias/i);
});

test('origins name the line where each document starts, after comments and blank lines', () => {
  const text = '# header\n\n---\n# first\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n\n---\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
  assert.deepEqual(parseManifests(text, 'f.yaml').map((r) => r.origin?.line), [5, 12]);
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
