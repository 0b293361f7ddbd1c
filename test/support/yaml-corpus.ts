// YAML for the parser tests: generated manifests (plain scalars of every YAML 1.1 type, quoted and
// block scalars, flow collections, nested mappings and sequences, several documents per file, and now
// and then CRLF line ends or a BOM; seeded, so every run reads the same files), and the repository's own.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** A small seeded generator (mulberry32): the same cases on every run. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain scalars of every YAML 1.1 type, and strings that look like them. */
export const PLAIN = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '0',
  '-1',
  '+7',
  '012',
  '0o12',
  '0x1F',
  '-0x1f',
  '0b101',
  '1_000',
  '190:20:30',
  '-1:30',
  '08',
  '0.',
  '1e3',
  '1E3',
  '1.5',
  '.5',
  '-.5',
  '1.2e-3',
  '6.8523015e+5',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '1_0.5',
  '1:20.5',
  '.',
  '-.',
  'e5',
  '.e5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '2002-12-14T00:00:00Z',
  'nginx:1.25',
  'app.kubernetes.io/name',
  'a b c',
  'x-y_z',
  'http://example.com/a?b=c',
  '1.2.3',
  'v1',
  '0.0.0.0/0',
  'é',
  '日本',
  'yes please',
  'on-call',
  'null-ish',
  '12abc',
  '0x',
  '--flag',
  'a:b',
  'trailing.',
  '@at',
  '`tick`'.slice(1),
];

export const QUOTED = [
  '',
  'yes',
  '012',
  'a: b',
  '# not a comment',
  'multi\nline',
  'tab\there',
  'quote "x"',
  "it's",
  'é\u0001',
  '- dash',
  '{brace}',
  '  spaces  ',
];

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
  return `${header}\n${body
    .split('\n')
    .map((l) => (l ? pad + l : ''))
    .join('\n')}`;
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
    else if (depth < 3 && r < 0.3)
      lines.push(`${indent}${key}:\n${indent}- ${scalar(rnd, `${indent}  `)}\n${indent}- ${scalar(rnd, `${indent}  `)}`);
    else if (r < 0.38) lines.push(`${indent}${key}: { k: ${PLAIN[Math.floor(rnd() * 40)] || 'z'}, "q": "v" }`);
    else if (r < 0.44)
      lines.push(`${indent}${key}: [ ${PLAIN.slice(0, 20)[Math.floor(rnd() * 20)] || '1'}, "two", 3 ]   # trailing comment`);
    else lines.push(`${indent}${key}: ${scalar(rnd, indent)}`);
  }
  return lines.join('\n');
}

function manifest(rnd: () => number, i: number): string {
  const kind = ['ConfigMap', 'Service', 'Deployment', 'Widget'][i % 4];
  return `# object ${i}\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: obj-${i}\n  labels: { app: obj-${i}, tier: "web" }\ndata:\n${mapping(rnd, 1, '  ')}\n`;
}

export function generated(count: number): string[] {
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

/** The YAML (and, with `withJson`, JSON) files under src, test and examples of the repository at `root`, each under 1 MB. */
export function repositoryYamlFiles(root: string, withJson = false): string[] {
  const pattern = withJson ? /\.(ya?ml|json)$/ : /\.ya?ml$/;
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (pattern.test(name) && statSync(full).size < 1_000_000) out.push(full);
    }
  };
  for (const dir of ['src', 'test', 'examples']) walk(path.join(root, dir));
  return out;
}
