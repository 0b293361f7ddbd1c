import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../core/errors.js';
import { createGitSource, type FetchReport, type GitSourceLogger, type GitSourceOptions } from './index.js';
import { git, makeTempDir, removeTempDir, TestRepo } from './testing/git-repo.js';
import { closedPort, startGitHttpServer, startSilentServer, type GitHttpServer } from './testing/git-http-server.js';

const TOKEN = 'tok-7f3a9c1e5b2d4f60';
const USER = 'tideway';

/** A logger that keeps every call, to check that no secret was ever logged. */
function recordingLogger(): GitSourceLogger & { text(): string } {
  const lines: string[] = [];
  const record = (level: string) => (fields: object, message?: string) => {
    lines.push(`${level} ${JSON.stringify(fields)} ${message ?? ''}`);
  };
  return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), text: () => lines.join('\n') };
}

function assertNoSecret(text: string, secret: string): void {
  for (const form of [secret, Buffer.from(`${USER}:${secret}`).toString('base64')]) {
    assert.ok(!text.includes(form), `found a secret in: ${text}`);
  }
}

describe('Git source: network, timeouts and credentials', () => {
  let tmp: string;
  let server: GitHttpServer;
  let sha: string;
  let repoURL: string;
  let gitArgv: string;
  let counter = 0;

  before(async () => {
    tmp = makeTempDir();
    const work = TestRepo.create(path.join(tmp, 'work'));
    sha = work.commit('served over http', { 'app/cm.yaml': 'kind: ConfigMap\n' });
    git(tmp, ['clone', '--quiet', '--bare', work.dir, path.join(tmp, 'srv', 'repo.git')]);
    server = await startGitHttpServer({
      projectRoot: path.join(tmp, 'srv'),
      authorize: (h) => h === `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}` || h === `Bearer ${TOKEN}`,
    });
    repoURL = `${server.url}repo.git`;
    // A git wrapper that records every argument it is given, to show no secret is ever on a command line.
    gitArgv = path.join(tmp, 'argv.log');
    writeFileSync(path.join(tmp, 'git-wrapper'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${gitArgv}'\nexec git "$@"\n`);
    chmodSync(path.join(tmp, 'git-wrapper'), 0o755);
    writeFileSync(gitArgv, '');
  });
  after(async () => {
    await server.close();
    await removeTempDir(tmp);
  });

  function sourceWith(options: Partial<GitSourceOptions>) {
    counter += 1;
    return createGitSource({
      cacheDir: path.join(tmp, `cache-${counter}`),
      gitBinary: path.join(tmp, 'git-wrapper'),
      timeoutMs: 10_000,
      ...options,
    });
  }

  test('a server that accepts the connection and never answers is killed at the timeout: SourceUnavailable', async () => {
    const silent = await startSilentServer();
    const reports: FetchReport[] = [];
    const source = sourceWith({ timeoutMs: 1000, onFetch: (r) => reports.push(r) });
    try {
      const started = Date.now();
      await assert.rejects(source.resolve({ repoURL: `http://127.0.0.1:${silent.port}/repo.git` }), (error: unknown) => {
        assert.ok(error instanceof SourceError);
        assert.equal(error.code, 'SourceUnavailable');
        assert.match(error.message, /timed out after 1000 ms/);
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 950 && elapsed < 3000, `took ${elapsed} ms`);
      assert.equal(silent.accepted(), 1);
      // git and its git-remote-http child were killed: the connection is gone.
      for (let i = 0; i < 50 && silent.openSockets() > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(silent.openSockets(), 0);
      assert.deepEqual(
        reports.map((r) => r.ok),
        [false],
      );
    } finally {
      await source.close();
      await silent.close();
    }
  });

  test('over ssh too: a silent server is given up within the timeout, and ssh is gone afterwards', async () => {
    const silent = await startSilentServer();
    const source = sourceWith({ timeoutMs: 1000 });
    try {
      const started = Date.now();
      await assert.rejects(source.resolve({ repoURL: `ssh://git@127.0.0.1:${silent.port}/repo.git` }), { code: 'SourceUnavailable' });
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.equal(silent.accepted(), 1);
      for (let i = 0; i < 50 && silent.openSockets() > 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(silent.openSockets(), 0);
      const port = await closedPort();
      await assert.rejects(source.resolve({ repoURL: `ssh://git@127.0.0.1:${port}/repo.git` }), {
        code: 'SourceUnavailable',
        message: /Connection refused/,
      });
    } finally {
      await source.close();
      await silent.close();
    }
  });

  test('an unreachable server is SourceUnavailable at once, and the message redacts URL credentials', async () => {
    const port = await closedPort();
    const log = recordingLogger();
    const source = sourceWith({ log });
    try {
      const started = Date.now();
      await assert.rejects(source.resolve({ repoURL: `http://${USER}:${TOKEN}@127.0.0.1:${port}/repo.git` }), (error: unknown) => {
        assert.ok(error instanceof SourceError);
        assert.equal(error.code, 'SourceUnavailable');
        assert.match(error.message, new RegExp(`http://\\*\\*\\*@127\\.0\\.0\\.1:${port}/repo\\.git`));
        assert.match(error.message, /Failed to connect|Connection refused|Couldn't connect/i);
        assertNoSecret(`${error.message} ${error.repoURL}`, TOKEN);
        return true;
      });
      assert.ok(Date.now() - started < 3000);
      assertNoSecret(log.text(), TOKEN);
      assert.match(log.text(), /git fetch failed/);
    } finally {
      await source.close();
    }
  });

  test('HTTP basic auth with a token read from a file', async () => {
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const log = recordingLogger();
    const source = sourceWith({
      log,
      credentials: [
        { urlPrefix: 'http://127.0.0.1:1/', token: 'not-this-one' },
        { urlPrefix: server.url, username: USER, tokenFile },
      ],
    });
    try {
      assert.equal((await source.resolve({ repoURL })).sha, sha);
      const checkout = await source.checkout({ repoURL, path: 'app' }, sha);
      assert.equal(readFileSync(path.join(checkout.dir, 'app/cm.yaml'), 'utf8'), 'kind: ConfigMap\n');
      await checkout.release();
      assert.ok(server.authorizations.includes(`Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`));
      assertNoSecret(log.text(), TOKEN);
    } finally {
      await source.close();
    }
  });

  test('HTTP bearer auth with a token read from an environment variable', async () => {
    process.env.TIDEWAY_TEST_GIT_TOKEN = TOKEN;
    const source = sourceWith({ credentials: [{ urlPrefix: server.url, tokenEnv: 'TIDEWAY_TEST_GIT_TOKEN', tokenScheme: 'bearer' }] });
    try {
      assert.equal((await source.resolve({ repoURL, targetRevision: 'main' })).sha, sha);
      assert.ok(server.authorizations.includes(`Bearer ${TOKEN}`));
    } finally {
      delete process.env.TIDEWAY_TEST_GIT_TOKEN;
      await source.close();
    }
  });

  test('credentials written in the URL are used, and never shown', async () => {
    const source = sourceWith({});
    try {
      assert.equal((await source.resolve({ repoURL: `http://${USER}:${TOKEN}@${repoURL.slice('http://'.length)}` })).sha, sha);
    } finally {
      await source.close();
    }
  });

  test('a wrong token or none is SourceUnavailable; no message, log or command line holds a token', async () => {
    const wrong = 'wrong-5e8d2c7a91b4';
    const log = recordingLogger();
    const source = sourceWith({ log, credentials: [{ urlPrefix: server.url, username: USER, password: wrong }] });
    const anonymous = sourceWith({ log });
    try {
      const cases = [
        [source, wrong, 'authentication failed (the server refused'],
        [anonymous, TOKEN, 'authentication required (no credentials'],
      ] as const;
      for (const [s, secret, hint] of cases) {
        const started = Date.now();
        await assert.rejects(s.resolve({ repoURL }), (error: unknown) => {
          assert.ok(error instanceof SourceError);
          assert.equal(error.code, 'SourceUnavailable');
          assert.ok(error.message.startsWith(`git fetch from ${repoURL} failed: ${hint}`), error.message);
          assertNoSecret(error.message, secret);
          return true;
        });
        assert.ok(Date.now() - started < 5000, 'no prompt, no hang');
      }
      assertNoSecret(log.text(), wrong);
      const argv = readFileSync(gitArgv, 'utf8');
      assert.match(argv, /^fetch$/m);
      assertNoSecret(argv, TOKEN);
      assertNoSecret(argv, wrong);
    } finally {
      await source.close();
      await anonymous.close();
    }
  });
});
