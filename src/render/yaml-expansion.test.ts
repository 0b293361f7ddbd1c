import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYamlDocuments } from './kustomize/yaml-io.js';
import { parseFast, parseManifests } from './parse-manifests.js';
import { MAX_EXPANDED_BYTES } from './yaml-expansion.js';

/** A ConfigMap whose one anchor (a long string, or a mapping of many keys) is repeated by `aliases` aliases. */
function aliasedConfigMap(anchor: 'string' | 'mapping', anchorBytes: number, aliases: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:'];
  if (anchor === 'string') lines.push(`  a0: &big "${'x'.repeat(anchorBytes)}"`);
  else {
    lines.push('  a0: &big');
    for (let i = 0; i < anchorBytes / 20; i++) lines.push(`    key-${String(i).padStart(8, '0')}: v`);
  }
  for (let i = 1; i <= aliases; i++) lines.push(`  a${i}: *big`);
  return `${lines.join('\n')}\n`;
}

const cases: Array<{ name: string; anchor: 'string' | 'mapping'; bytes: number; aliases: number }> = [
  // 90 aliases: under the alias-count limit that was the only bound before.
  { name: 'a 200 KB string repeated by 90 aliases', anchor: 'string', bytes: 200 * 1024, aliases: 90 },
  { name: 'a mapping of 14,000 keys repeated by 90 aliases', anchor: 'mapping', bytes: 280_000, aliases: 90 },
];

for (const c of cases) {
  test(`a file whose aliases expand past the limit is refused, naming the file and line: ${c.name}`, () => {
    const text = aliasedConfigMap(c.anchor, c.bytes, c.aliases);
    assert.ok(text.length < MAX_EXPANDED_BYTES / 4, 'the file itself is small');
    assert.equal(parseFast(text, 'big.yaml'), undefined, 'the fast path declines aliases and leaves them to the yaml library');
    for (const parse of [() => parseManifests(text, 'apps/big.yaml'), () => parseYamlDocuments(text, 'apps/big.yaml')]) {
      assert.throws(parse, (error: Error & { code?: string; file?: string }) => {
        assert.equal(error.code, 'InputTooLarge');
        assert.equal(error.file, 'apps/big.yaml');
        assert.match(error.message, /^apps\/big\.yaml:1: YAML aliases expand this document beyond the \d+-byte limit/);
        return true;
      });
    }
  });
}

test('aliases that stay within the limit parse as before, in both readers', () => {
  const text = aliasedConfigMap('string', 100 * 1024, 20);
  const [object] = parseManifests(text, 'ok.yaml');
  assert.equal((object.object.data as Record<string, string>).a20.length, 100 * 1024);
  const [doc] = parseYamlDocuments(text, 'ok.yaml');
  assert.equal(((doc.value as { data: Record<string, string> }).data.a7 ?? '').length, 100 * 1024);
});

test('the limit is per file: many documents each within it add up', () => {
  const doc = aliasedConfigMap('string', 200 * 1024, 30).trimEnd();
  const text = Array.from({ length: 4 }, (_, i) => doc.replace('name: big', `name: big-${i}`)).join('\n---\n');
  assert.throws(
    () => parseManifests(text, 'many.yaml'),
    (e: Error & { code?: string }) => e.code === 'InputTooLarge' && /^many\.yaml:\d+: /.test(e.message),
  );
});

test('an alias inside its own anchor is refused, not expanded without end', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\ndata: &a\n  self: *a\n';
  assert.throws(() => parseYamlDocuments(text, 'loop.yaml'), /loop\.yaml:\d+: /);
});
