import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignatureCheck } from './signature-check.js';
import { decideVerification } from './verify-policy.js';
import type { VerifyMode } from './verify-spec.js';

const C = 'c0ffee';
const commit = (status: SignatureCheck['status'], signer?: string): SignatureCheck => ({
  object: 'commit',
  id: C,
  status,
  format: 'ssh',
  signer,
});
const tag = (status: SignatureCheck['status'], signer?: string): SignatureCheck => ({
  object: 'tag',
  id: 't1',
  tagName: 'v1',
  status,
  format: 'gpg',
  signer,
});

test('decideVerification: each mode needs exactly its objects to be valid, and words the refusal', () => {
  const cases: Array<[VerifyMode, SignatureCheck[], string | string[]]> = [
    ['HEAD', [commit('valid', 'SHA256:a')], ['SHA256:a']],
    ['HEAD', [commit('unsigned'), tag('valid', 'K')], 'commit c0ffee is not signed (verify mode HEAD)'],
    [
      'HEAD',
      [commit('untrusted', 'SHA256:x')],
      "commit c0ffee is signed by SSH key SHA256:x, which is not one of the app's keys (verify mode HEAD)",
    ],
    ['HEAD', [commit('bad', 'SHA256:x')], 'commit c0ffee has a signature by SSH key SHA256:x that does not verify (verify mode HEAD)'],
    ['Tag', [tag('valid', 'K'), commit('unsigned')], ['K']],
    ['Tag', [], 'commit c0ffee: verify mode Tag needs a signed tag: the revision is not a tag'],
    [
      'Tag',
      [tag('untrusted', 'K2')],
      "tag v1 (of commit c0ffee) is signed by OpenPGP key K2, which is not one of the app's keys (verify mode Tag)",
    ],
    ['TagAndHEAD', [tag('valid', 'K'), commit('valid', 'SHA256:a')], ['K', 'SHA256:a']],
    ['TagAndHEAD', [tag('valid', 'K'), commit('unsigned')], 'commit c0ffee is not signed (verify mode TagAndHEAD)'],
    [
      'TagAndHEAD',
      [commit('valid', 'SHA256:a'), tag('unsupported')],
      'tag v1 (of commit c0ffee) has a signature Tideway cannot check (verify mode TagAndHEAD)',
    ],
  ];
  for (const [mode, checks, want] of cases) {
    const got = decideVerification(mode, C, checks);
    if (Array.isArray(want)) assert.deepEqual(got, { ok: true, signers: want }, `${mode} ${JSON.stringify(checks)}`);
    else assert.equal(got.ok ? 'ok' : got.message, want);
  }
});
