import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { VerifyMode, VerifySpec } from '../../../core/verification/verify-spec.js';
import { createGitSource, type GitSource } from '../index.js';
import { git, makeTempDir, removeTempDir, TEST_GIT_ENV, TestRepo } from '../testing/git-repo.js';
import { VerificationFailed, verifyRevision } from './index.js';
import { makeGpgSigner, makeSshSigner, type GpgSigner, type Signer, type SshSigner } from './testing/signing-keys.js';

let tmp: string;
let repo: TestRepo;
let source: GitSource;
const signers: Record<string, Signer> = {};
const commits: Record<string, string> = {};

function signedCommit(signer: Signer | undefined, message: string): string {
  repo.write({ [`${message}.yaml`]: `kind: ConfigMap\nmetadata: {name: ${message}}\n` });
  git(repo.dir, ['add', '-A']);
  git(repo.dir, [...(signer?.gitConfig ?? []), 'commit', '--quiet', ...(signer ? ['-S'] : []), '-m', message], signer?.env ?? {});
  return repo.git('rev-parse', 'HEAD');
}

function tag(signer: Signer | undefined, name: string, commit: string, annotated = true): void {
  const args = signer
    ? ['tag', '-s', name, '-m', name, commit]
    : annotated
      ? ['tag', '-a', name, '-m', name, commit]
      : ['tag', name, commit];
  git(repo.dir, [...(signer?.gitConfig ?? []), ...args], signer?.env ?? {});
}

/** A copy of a signed commit whose message was changed after signing, written as a new object. */
function tamperedCopy(sha: string): string {
  const raw = execFileSync('git', ['cat-file', 'commit', sha], { cwd: repo.dir, env: TEST_GIT_ENV });
  const changed = Buffer.from(raw.toString('latin1').replace(/\n\n([^\n]*)\n?$/, '\n\n$1 (changed)\n'), 'latin1');
  return execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo.dir, env: TEST_GIT_ENV, input: changed })
    .toString()
    .trim();
}

const allowed = (...names: string[]): VerifySpec['keys'] => ({
  gpg: names
    .map((n) => signers[n])
    .filter((s): s is GpgSigner => s.kind === 'gpg')
    .map((s) => s.publicKey),
  ssh: names
    .map((n) => signers[n])
    .filter((s): s is SshSigner => s.kind === 'ssh')
    .map((s) => s.publicKey),
  gpgFiles: [],
  sshFiles: [],
});

async function verify(mode: VerifyMode, targetRevision: string, keys = allowed('gpg', 'ed25519', 'p256', 'p384', 'p521', 'rsa')) {
  const revision = await source.resolve({ repoURL: repo.dir, targetRevision });
  return verifyRevision({ source, spec: { repoURL: repo.dir, targetRevision }, commit: revision.sha, verify: { mode, keys } });
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<VerificationFailed> {
  let caught: VerificationFailed | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof VerificationFailed, String(err));
    assert.equal(err.code, 'VerificationFailed');
    assert.match(err.message, pattern);
    caught = err;
    return true;
  });
  return caught!;
}

before(() => {
  tmp = makeTempDir('tideway-verify-');
  signers.gpg = makeGpgSigner(tmp, 'trusted');
  signers.gpgStranger = makeGpgSigner(tmp, 'stranger');
  signers.ed25519 = makeSshSigner(tmp, 'ed25519', 'ed25519');
  signers.p256 = makeSshSigner(tmp, 'p256', 'ecdsa', 256);
  signers.p384 = makeSshSigner(tmp, 'p384', 'ecdsa', 384);
  signers.p521 = makeSshSigner(tmp, 'p521', 'ecdsa', 521);
  signers.rsa = makeSshSigner(tmp, 'rsa', 'rsa', 2048);
  signers.sshStranger = makeSshSigner(tmp, 'ssh-stranger', 'ed25519');
  repo = TestRepo.create(path.join(tmp, 'origin'));
  for (const name of ['gpg', 'ed25519', 'p256', 'p384', 'p521', 'rsa', 'gpgStranger', 'sshStranger']) {
    commits[name] = signedCommit(signers[name], name);
    git(repo.dir, ['branch', `by-${name}`]);
  }
  commits.unsigned = signedCommit(undefined, 'unsigned');
  git(repo.dir, ['branch', 'unsigned']);
  commits.tampered = tamperedCopy(commits.gpg);
  git(repo.dir, ['branch', 'tampered', commits.tampered]);
  commits.tamperedSsh = tamperedCopy(commits.ed25519);
  git(repo.dir, ['branch', 'tampered-ssh', commits.tamperedSsh]);
  tag(signers.gpg, 'v-gpg-over-unsigned', commits.unsigned);
  tag(signers.ed25519, 'v-ssh-over-unsigned', commits.unsigned);
  tag(signers.gpg, 'v-gpg-over-signed', commits.gpg);
  tag(signers.gpgStranger, 'v-stranger', commits.gpg);
  tag(undefined, 'v-annotated-unsigned', commits.gpg);
  tag(undefined, 'v-lightweight', commits.gpg, false);
  source = createGitSource({ cacheDir: path.join(tmp, 'cache') });
});

after(async () => {
  await source.close();
  await removeTempDir(tmp);
});

describe('verifyRevision, mode HEAD', () => {
  for (const name of ['gpg', 'ed25519', 'p256', 'p384', 'p521', 'rsa']) {
    test(`a commit signed by an allowed ${name} key passes, naming the signer`, async () => {
      const verified = await verify('HEAD', `by-${name}`);
      assert.equal(verified.commit, commits[name]);
      assert.equal(verified.checks[0].status, 'valid');
      assert.equal(verified.checks[0].format, name === 'gpg' ? 'gpg' : 'ssh');
      assert.equal(verified.signers.length, 1);
      if (name === 'gpg') assert.equal(verified.signers[0], (signers.gpg as GpgSigner).fingerprint);
      else assert.match(verified.signers[0], /^SHA256:/);
    });
  }

  test('an unsigned commit is refused, naming the commit', async () => {
    const err = await refused(verify('HEAD', 'unsigned'), new RegExp(`^commit ${commits.unsigned} is not signed \\(verify mode HEAD\\)$`));
    assert.equal(err.commit, commits.unsigned);
  });

  test('a commit signed by an OpenPGP key not in the list is refused, naming its key', async () => {
    const err = await refused(verify('HEAD', 'by-gpgStranger'), /is signed by OpenPGP key .* which is not one of the app's keys/);
    assert.ok(err.signer?.includes((signers.gpgStranger as GpgSigner).fingerprint.slice(-16)), String(err.signer));
  });

  test('a commit signed by an SSH key not in the list is refused, naming its fingerprint', async () => {
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${(signers.sshStranger as SshSigner).privateKeyFile}.pub`])
      .toString()
      .split(' ')[1];
    const err = await refused(verify('HEAD', 'by-sshStranger'), /is signed by SSH key SHA256:.* which is not one of the app's keys/);
    assert.equal(err.signer, fingerprint);
  });

  test('a signed commit changed after signing (OpenPGP) is refused as a bad signature', async () => {
    await refused(
      verify('HEAD', 'tampered'),
      new RegExp(
        `^commit ${commits.tampered} has a signature by OpenPGP key ${(signers.gpg as GpgSigner).fingerprint} that does not verify`,
      ),
    );
  });

  test('a signed commit changed after signing (SSH) is refused as a bad signature', async () => {
    await refused(
      verify('HEAD', 'tampered-ssh'),
      /has a signature by SSH key SHA256:\S+ that does not verify: the signature does not match/,
    );
  });

  test('with only the OpenPGP key allowed, an SSH-signed commit is untrusted', async () => {
    await refused(verify('HEAD', 'by-ed25519', allowed('gpg')), /not one of the app's keys/);
  });

  test('no keys at all fails closed', async () => {
    await refused(verify('HEAD', 'by-gpg', allowed()), /has no keys/);
  });
});

describe('verifyRevision, modes Tag and TagAndHEAD', () => {
  test('Tag: a signed tag over an unsigned commit passes (OpenPGP and SSH tags)', async () => {
    for (const name of ['v-gpg-over-unsigned', 'v-ssh-over-unsigned']) {
      const verified = await verify('Tag', name);
      assert.equal(verified.commit, commits.unsigned);
      assert.equal(verified.checks[0].object, 'tag');
      assert.equal(verified.checks[0].status, 'valid');
    }
  });

  test('TagAndHEAD: a signed tag over an unsigned commit is refused (the commit is not signed)', async () => {
    await refused(
      verify('TagAndHEAD', 'v-gpg-over-unsigned'),
      new RegExp(`^commit ${commits.unsigned} is not signed \\(verify mode TagAndHEAD\\)`),
    );
  });

  test('TagAndHEAD: a signed tag over a signed commit passes with both signers', async () => {
    const verified = await verify('TagAndHEAD', 'v-gpg-over-signed');
    assert.deepEqual(
      verified.checks.map((c) => [c.object, c.status]),
      [
        ['commit', 'valid'],
        ['tag', 'valid'],
      ],
    );
  });

  test('HEAD: a signed tag over an unsigned commit is refused (only the commit counts)', async () => {
    await refused(verify('HEAD', 'v-gpg-over-unsigned'), /is not signed \(verify mode HEAD\)/);
  });

  test('Tag: an unsigned annotated tag, a lightweight tag and a stranger-signed tag are refused', async () => {
    await refused(verify('Tag', 'v-annotated-unsigned'), /^tag v-annotated-unsigned \(of commit [0-9a-f]{40}\) is not signed/);
    await refused(verify('Tag', 'v-lightweight'), /^tag v-lightweight .* is not signed/);
    await refused(verify('Tag', 'v-stranger'), /^tag v-stranger .* is signed by OpenPGP key .* not one of the app's keys/);
  });

  test('Tag: a branch or a commit SHA is refused: the mode needs a tag', async () => {
    await refused(verify('Tag', 'by-gpg'), /verify mode Tag needs a signed tag: there is no tag by-gpg/);
    await refused(verify('TagAndHEAD', commits.gpg), /needs a signed tag/);
    await refused(verify('Tag', 'HEAD'), /needs a signed tag: the revision "HEAD" is not a tag/);
  });

  test('a tag that no longer points at the resolved commit is refused', async () => {
    const resolved = await source.resolve({ repoURL: repo.dir, targetRevision: 'v-gpg-over-signed' });
    await refused(
      verifyRevision({
        source,
        spec: { repoURL: repo.dir, targetRevision: 'v-gpg-over-signed' },
        commit: commits.unsigned,
        verify: { mode: 'Tag', keys: allowed('gpg') },
      }),
      /points to commit .* not to commit/,
    );
    assert.equal(resolved.sha, commits.gpg);
  });
});
