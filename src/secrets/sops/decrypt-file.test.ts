import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TidewayError } from '../../core/errors.js';
import { decryptSopsFile } from './decrypt-file.js';
import type { EncryptionRule } from './metadata.js';
import type { SopsFormat } from './stores/index.js';
import { ageCliWrapper, gpgWrapper, writeSopsFile } from './testing/sops-writer.js';
import { ageKeygen, gpgKeygen } from './testing/test-keys.js';
import { branch, comment } from './tree.js';

const alice = ageKeygen();
const bob = ageKeygen();
const carol = ageKeygen();
const keys = (...ids: Array<{ identity: string }>) => ({ age: ids.map((i) => i.identity), pgp: [], origins: ['test'] });
const SECRET = 'hunter2-very-secret';

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<string> {
  let message = '';
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TidewayError && err.code === 'DecryptionFailed', String(err));
    message = err.message;
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes(SECRET), 'the plaintext never reaches a message');
    assert.ok(!err.message.includes('AGE-SECRET-KEY'), 'key material never reaches a message');
    return true;
  });
  return message;
}

describe('decryptSopsFile on files the age CLI encrypted', () => {
  const documents: Record<SopsFormat, Record<string, unknown>> = {
    yaml: {
      apiVersion: 'v1',
      kind: 'Secret',
      stringData: { password: SECRET, '10': 'ten' },
      count: 3,
      ratio: 0.5,
      on: true,
      list: ['a', 'b'],
      empty: '',
    },
    json: { password: SECRET, big: 1234567890123456789n, n: 1e21, nested: { '2': 'two', b: [1, 2.5, false] } },
    dotenv: { PASSWORD: SECRET, MULTI: 'line1\nline2', PLAIN_unencrypted: 'clear' },
    ini: { database: { password: SECRET, host: 'db' }, plain: { note_unencrypted: 'clear' } },
    binary: { data: `${SECRET}\nwith a second line\n` },
  };
  for (const [format, doc] of Object.entries(documents) as Array<[SopsFormat, Record<string, unknown>]>) {
    test(`a ${format} file decrypts to what was encrypted, with types, and its MAC matches`, async () => {
      const content = await writeSopsFile({ format, documents: [doc], groups: [[ageCliWrapper(alice.recipient)]] });
      assert.ok(!Buffer.from(content).toString().includes(SECRET), 'the file holds no plaintext');
      const decrypted = await decryptSopsFile({ file: `secret.${format}`, content, format, keys: keys(alice) });
      if (format === 'binary') assert.equal(Buffer.from(decrypted.output()).toString(), doc.data);
      else assert.deepEqual(decrypted.values()[0], doc);
      assert.ok(decrypted.decryptedPaths[0].length > 0);
    });
  }

  test('a multi-document YAML file decrypts every document; the decrypted paths are recorded per document', async () => {
    const content = await writeSopsFile({
      format: 'yaml',
      documents: [
        { kind: 'Secret', stringData: { a: SECRET } },
        { kind: 'ConfigMap', data: { list: ['x', 'y'] } },
      ],
      groups: [[ageCliWrapper(alice.recipient)]],
      rule: { kind: 'encrypted_regex', value: '^(data|stringData)$' },
    });
    const decrypted = await decryptSopsFile({ file: 's.yaml', content, format: 'yaml', keys: keys(alice) });
    assert.deepEqual(decrypted.values(), [
      { kind: 'Secret', stringData: { a: SECRET } },
      { kind: 'ConfigMap', data: { list: ['x', 'y'] } },
    ]);
    assert.deepEqual(decrypted.decryptedPaths, [
      [['stringData', 'a']],
      [
        ['data', 'list', 0],
        ['data', 'list', 1],
      ],
    ]);
  });

  const rules: Array<[EncryptionRule, Record<string, unknown>, string[]]> = [
    [{ kind: 'encrypted_regex', value: '^(data|stringData)$' }, { metadata: { name: 'n' }, data: { k: 'v' } }, ['data.k']],
    [{ kind: 'unencrypted_regex', value: '^(metadata|kind)$' }, { kind: 'Secret', metadata: { name: 'n' }, data: { k: 'v' } }, ['data.k']],
    [{ kind: 'encrypted_suffix', value: '_secret' }, { a_secret: 'x', b: 'y' }, ['a_secret']],
    [{ kind: 'unencrypted_suffix', value: '_clear' }, { a_clear: 'x', b: 'y' }, ['b']],
    [{ kind: 'encrypted_regex', value: '(?i)^PASS' }, { password: 'x', user: 'y' }, ['password']],
  ];
  for (const [rule, doc, encrypted] of rules) {
    test(`${rule.kind}: ${rule.value} encrypts exactly ${encrypted.join(', ')}, and decryption honours it`, async () => {
      const content = await writeSopsFile({ format: 'yaml', documents: [doc], groups: [[ageCliWrapper(alice.recipient)]], rule });
      const decrypted = await decryptSopsFile({ file: 'r.yaml', content, format: 'yaml', keys: keys(alice) });
      assert.deepEqual(decrypted.values()[0], doc);
      assert.deepEqual(
        decrypted.decryptedPaths[0].map((p) => p.join('.')),
        encrypted,
      );
    });
  }

  test('encrypted_comment_regex: values under a marker comment are encrypted, the marker stays clear, the rest too', async () => {
    const doc = branch([
      { key: 'plain', value: 'p' },
      comment(' sops:enc'),
      { key: 'secret', value: SECRET },
      { key: 'after', value: 'q' },
    ]);
    const content = await writeSopsFile({
      format: 'yaml',
      documents: [doc],
      groups: [[ageCliWrapper(alice.recipient)]],
      rule: { kind: 'encrypted_comment_regex', value: 'sops:enc' },
    });
    const text = Buffer.from(content).toString();
    assert.match(text, /# sops:enc/);
    assert.match(text, /after: q/);
    const decrypted = await decryptSopsFile({ file: 'c.yaml', content, format: 'yaml', keys: keys(alice) });
    assert.deepEqual(decrypted.values()[0], { plain: 'p', secret: SECRET, after: 'q' });
  });

  test('encrypted comments are decrypted with their mapping path', async () => {
    const doc = branch([{ key: 'a', value: branch([comment(' a secret note'), { key: 'b', value: 'x' }]) }]);
    const content = await writeSopsFile({ format: 'yaml', documents: [doc], groups: [[ageCliWrapper(alice.recipient)]] });
    assert.doesNotMatch(Buffer.from(content).toString(), /a secret note/);
    const decrypted = await decryptSopsFile({ file: 'c.yaml', content, format: 'yaml', keys: keys(alice) });
    assert.match(Buffer.from(decrypted.output()).toString(), /# a secret note/);
  });

  test('mac_only_encrypted: the MAC covers only encrypted values, so a clear value may change', async () => {
    const content = await writeSopsFile({
      format: 'yaml',
      documents: [{ name: 'a', data: { k: SECRET } }],
      groups: [[ageCliWrapper(alice.recipient)]],
      rule: { kind: 'encrypted_regex', value: '^data$' },
      macOnlyEncrypted: true,
    });
    const edited = Buffer.from(content).toString().replace('name: a', 'name: b');
    const decrypted = await decryptSopsFile({ file: 'm.yaml', content: edited, format: 'yaml', keys: keys(alice) });
    assert.deepEqual(decrypted.values()[0], { name: 'b', data: { k: SECRET } });
  });

  test('any one recipient of several can decrypt', async () => {
    const content = await writeSopsFile({
      format: 'yaml',
      documents: [{ k: SECRET }],
      groups: [[ageCliWrapper(alice.recipient), ageCliWrapper(bob.recipient)]],
    });
    for (const who of [alice, bob])
      assert.deepEqual((await decryptSopsFile({ file: 'x.yaml', content, format: 'yaml', keys: keys(who) })).values()[0], { k: SECRET });
  });

  test('two key groups (Shamir, threshold 2) need a key of each group', async () => {
    const content = await writeSopsFile({
      format: 'yaml',
      documents: [{ k: SECRET }],
      groups: [[ageCliWrapper(alice.recipient)], [ageCliWrapper(bob.recipient)]],
    });
    assert.deepEqual((await decryptSopsFile({ file: 'g.yaml', content, format: 'yaml', keys: keys(alice, bob) })).values()[0], {
      k: SECRET,
    });
    await refused(decryptSopsFile({ file: 'g.yaml', content, format: 'yaml', keys: keys(alice) }), /1 of the 2 key groups needed/);
  });

  test('an OpenPGP recipient (data key encrypted by gpg) decrypts with the armored private key', async () => {
    const pgp = gpgKeygen();
    const content = await writeSopsFile({
      format: 'json',
      documents: [{ token: SECRET }],
      groups: [[gpgWrapper(pgp.homedir, pgp.fingerprint)]],
    });
    const decrypted = await decryptSopsFile({
      file: 'p.json',
      content,
      format: 'json',
      keys: { age: [], pgp: [pgp.armoredSecret], origins: ['pgp.asc'] },
    });
    assert.deepEqual(decrypted.values()[0], { token: SECRET });
    const other = gpgKeygen('Someone Else');
    const message = await refused(
      decryptSopsFile({ file: 'p.json', content, format: 'json', keys: { age: [], pgp: [other.armoredSecret], origins: ['other.asc'] } }),
      /no key can decrypt the data key/,
    );
    assert.ok(message.includes(pgp.fingerprint) && message.includes(other.fingerprint), message);
    assert.doesNotMatch(message, /PRIVATE KEY/);
  });
});

describe('decryptSopsFile refuses', () => {
  test('a file for other recipients, naming them and the keys offered (public keys only)', async () => {
    const content = await writeSopsFile({ format: 'yaml', documents: [{ k: SECRET }], groups: [[ageCliWrapper(alice.recipient)]] });
    const message = await refused(
      decryptSopsFile({ file: 'w.yaml', content, format: 'yaml', keys: keys(carol) }),
      /^w\.yaml: no key can decrypt the data key/,
    );
    assert.ok(message.includes(alice.recipient) && message.includes(carol.recipient), message);
  });

  test('a file with no keys given at all', async () => {
    const content = await writeSopsFile({ format: 'yaml', documents: [{ k: SECRET }], groups: [[ageCliWrapper(alice.recipient)]] });
    await refused(
      decryptSopsFile({ file: 'w.yaml', content, format: 'yaml', keys: { age: [], pgp: [], origins: [] } }),
      /the keys given are none/,
    );
  });

  const tampering: Array<[string, SopsFormat, Record<string, unknown>, (text: string) => string, RegExp]> = [
    [
      'a changed clear value',
      'yaml',
      { name_unencrypted: 'a', data: { k: SECRET } },
      (t) => t.replace('name_unencrypted: a', 'name_unencrypted: b'),
      /^t: MAC mismatch: the file was modified or not encrypted with sops$/,
    ],
    ['an encrypted value moved to another key', 'yaml', { data: { k: SECRET, j: 'other' } }, swapValues, /AES-GCM authentication failed/],
    [
      'a value put in clear where the rule says encrypted',
      'yaml',
      { data: { k: SECRET } },
      (t) => t.replace(/k: ENC\[[^\]]+\]/, 'k: injected'),
      /data\.k: is not encrypted/,
    ],
    [
      'a removed key',
      'json',
      { a: SECRET, b: 'two' },
      (t) => t.replace(/\s*"b": "ENC\[[^\]]+\]",?/, '').replace(/("a": "ENC\[[^\]]+\]"),/, '$1,'),
      /MAC mismatch/,
    ],
    [
      'a changed dotenv clear value',
      'dotenv',
      { A: SECRET, B_unencrypted: 'x' },
      (t) => t.replace('B_unencrypted=x', 'B_unencrypted=y'),
      /MAC mismatch/,
    ],
    [
      'a changed MAC',
      'yaml',
      { k: SECRET },
      (t) => t.replace(/mac: ENC\[AES256_GCM,data:(.)/, (_m, c) => `mac: ENC[AES256_GCM,data:${c === 'A' ? 'B' : 'A'}`),
      /MAC mismatch/,
    ],
  ];
  for (const [what, format, doc, edit, pattern] of tampering) {
    test(`${what} (${format})`, async () => {
      const content = await writeSopsFile({ format, documents: [doc], groups: [[ageCliWrapper(alice.recipient)]] });
      await refused(decryptSopsFile({ file: 't', content: edit(Buffer.from(content).toString()), format, keys: keys(alice) }), pattern);
    });
  }

  test('a file that is not SOPS-encrypted, and one that is not valid YAML, naming the line', async () => {
    await refused(
      decryptSopsFile({ file: 'plain.yaml', content: 'a: 1\n', format: 'yaml', keys: keys(alice) }),
      /^plain\.yaml: has no sops metadata/,
    );
    await refused(
      decryptSopsFile({ file: 'bad.yaml', content: 'a: 1\nb: [\n', format: 'yaml', keys: keys(alice) }),
      /^bad\.yaml: cannot be read as yaml: line \d+/,
    );
  });

  test('a YAML alias bomb is bounded', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    await refused(
      decryptSopsFile({ file: 'bomb.yaml', content: `${levels.join('\n')}\nsops: {}\n`, format: 'yaml', keys: keys(alice) }),
      /more than 1000000 values/,
    );
  });
});

/** Swaps the ciphertexts of data.k and data.j: each then fails to authenticate under its new path. */
function swapValues(text: string): string {
  const k = /k: (ENC\[[^\]]+\])/.exec(text)![1];
  const j = /j: (ENC\[[^\]]+\])/.exec(text)![1];
  return text.replace(k, '@@K@@').replace(j, k).replace('@@K@@', j);
}
