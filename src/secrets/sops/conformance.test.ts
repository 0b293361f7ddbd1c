/**
 * Runs every entry of the SOPS conformance corpus (real SOPS files from Flux's and SOPS's own tests)
 * through the in-process decryptor. Corpus location: env TIDEWAY_SOPS_CONFORMANCE, else
 * <repo>/../shared/conformance/sops. When it is absent the suite says so and skips, except under CI,
 * where that is a failure. (.ci/run also runs the corpus's own runner through `tideway sops decrypt`.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { armor, Decrypter } from 'age-encryption';
import { TidewayError } from '../../core/errors.js';
import { decryptSopsFile } from './decrypt-file.js';
import { parseAgeIdentities } from './key-source.js';
import type { SopsFormat } from './stores/index.js';
import { isBranch, isComment, isList, type TreeValue } from './tree.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = process.env.TIDEWAY_SOPS_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/sops');
const manifestFile = path.join(corpus, 'manifest.json');

interface Entry {
  fixture: string;
  format: SopsFormat | 'age-armored';
  identity: string;
  expected_tree?: string | null;
  expected_plain?: string;
  expect: string;
}

const read = (rel: string) => readFileSync(path.join(corpus, rel));
const keysOf = (identity: string) => ({ age: parseAgeIdentities(read(identity).toString('utf8')), pgp: [], origins: [identity] });

function commentsOf(value: TreeValue, out: string[] = []): string[] {
  if (isBranch(value)) for (const item of value.items) isComment(item) ? out.push(item.text) : commentsOf(item.value, out);
  else if (isList(value)) for (const item of value.items) isComment(item) ? out.push(item.text) : commentsOf(item, out);
  return out;
}

describe('SOPS conformance corpus', () => {
  if (!existsSync(manifestFile)) {
    test('corpus is present', (t) => {
      const message = `SOPS conformance corpus not found at ${corpus} (set TIDEWAY_SOPS_CONFORMANCE)`;
      if (process.env.CI) assert.fail(message);
      t.skip(message);
    });
    return;
  }
  const entries = JSON.parse(read('manifest.json').toString('utf8')) as Entry[];

  test('has all 19 entries', () => {
    assert.equal(entries.length, 19);
  });

  for (const e of entries) {
    const label = `${e.fixture} with ${path.basename(e.identity)}`;
    if (e.format === 'age-armored') {
      if (e.identity.endsWith('.pem')) {
        test(`${label}: ssh-ed25519 age identities are not supported (optional entry)`, (t) => {
          t.skip('age-encryption reads X25519 and post-quantum identities, not SSH keys');
        });
        continue;
      }
      test(`${label} decrypts to the expected data key (bare age vector)`, async () => {
        const decrypter = new Decrypter();
        for (const id of keysOf(e.identity).age) decrypter.addIdentity(id);
        const plain = await decrypter.decrypt(armor.decode(read(e.fixture).toString('utf8').trim()));
        assert.deepEqual(Buffer.from(plain), read(e.expected_plain!));
      });
      continue;
    }
    if (e.expect.startsWith('error')) {
      test(`${label} is refused: ${e.expect.slice('error: '.length)}`, async () => {
        await assert.rejects(
          decryptSopsFile({ file: e.fixture, content: read(e.fixture), format: e.format as SopsFormat, keys: keysOf(e.identity) }),
          (err: unknown) => {
            assert.ok(err instanceof TidewayError && err.code === 'DecryptionFailed', String(err));
            assert.ok(err.message.startsWith(`${e.fixture}: `), `names the file: ${err.message}`);
            if (/MAC mismatch/.test(e.expect))
              assert.equal(err.message, `${e.fixture}: MAC mismatch: the file was modified or not encrypted with sops`);
            else if (/AES-GCM/.test(e.expect)) assert.match(err.message, /AES-GCM authentication failed/);
            else {
              assert.match(err.message, /no key can decrypt the data key/);
              assert.match(err.message, /age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29/, 'names the recipient tried');
              assert.doesNotMatch(err.message, /AGE-SECRET-KEY/, 'never shows key material');
            }
            return true;
          },
        );
      });
      continue;
    }
    test(`${label} decrypts to the expected ${e.format} content, MAC verified`, async () => {
      const decrypted = await decryptSopsFile({
        file: e.fixture,
        content: read(e.fixture),
        format: e.format as SopsFormat,
        keys: keysOf(e.identity),
      });
      if (!e.expected_tree) {
        // age-pq.yaml: Flux's test asserts stringData.key == "value".
        assert.equal((decrypted.values()[0] as { stringData: { key: string } }).stringData.key, 'value');
        return;
      }
      const expected = JSON.parse(read(e.expected_tree).toString('utf8')) as {
        tree: Record<string, unknown>;
        decrypted_comments?: string[];
      };
      if (e.format === 'binary') assert.equal(Buffer.from(decrypted.output()).toString('utf8'), expected.tree.data);
      else assert.deepEqual(JSON.parse(JSON.stringify(decrypted.values()[0])), expected.tree);
      if (expected.decrypted_comments?.length) assert.deepEqual(commentsOf(decrypted.documents[0]), expected.decrypted_comments);
      if (e.expected_plain && e.format !== 'binary') assert.ok(decrypted.output().length > 0);
    });
  }
});
