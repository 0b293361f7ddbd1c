import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitSignedCommit, splitSignedTag, tagTarget } from './signed-object.js';

test('a signed commit splits into the object without its gpgsig header, and the armored signature', () => {
  const raw = Buffer.from(
    'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n' +
      'gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n\nmessage\n',
  );
  const split = splitSignedCommit(raw);
  assert.equal(split.kind, 'ssh');
  assert.equal(split.signature, '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n');
  assert.equal(
    split.payload.toString(),
    'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nmessage\n',
  );
  assert.equal(splitSignedCommit(split.payload).signature, undefined, 'an unsigned commit has no signature');
});

test('a "gpgsig" line in the message is not a signature; non-UTF-8 bytes are kept exactly', () => {
  const raw = Buffer.concat([Buffer.from('tree t\n\nsubject \xe9\n', 'latin1'), Buffer.from('gpgsig -----BEGIN PGP SIGNATURE-----\n')]);
  const split = splitSignedCommit(raw);
  assert.equal(split.signature, undefined);
  assert.ok(split.payload.equals(raw));
});

test('a signed tag splits at the armored block after its message', () => {
  const raw = Buffer.from(
    'object abc\ntype commit\ntag v1\ntagger T <t@x> 1 +0000\n\nrelease\n-----BEGIN PGP SIGNATURE-----\nxyz\n-----END PGP SIGNATURE-----\n',
  );
  const split = splitSignedTag(raw);
  assert.equal(split.kind, 'gpg');
  assert.equal(split.payload.toString(), 'object abc\ntype commit\ntag v1\ntagger T <t@x> 1 +0000\n\nrelease\n');
  assert.deepEqual(tagTarget(raw), { object: 'abc', type: 'commit', tag: 'v1' });
  assert.equal(splitSignedTag(Buffer.from('object abc\ntype commit\ntag v1\n\nno signature\n')).signature, undefined);
});
