import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findCredential, prepareAuth, type GitCredential } from './credentials.js';
import { resolveGitSourceOptions } from './git-source-options.js';
import { parseRepoLocation } from './repo-location.js';
import { makeTempDir, removeTempDir } from './testing/git-repo.js';

const basic = (user: string, secret: string) => `Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('credentials', () => {
  let tmp: string;
  before(() => {
    tmp = makeTempDir();
  });
  after(async () => {
    await removeTempDir(tmp);
  });
  const context = () => ({
    tmpDir: tmp,
    connectTimeoutSeconds: 5,
    env: { MY_TOKEN: 'env-token', MY_KEY: '-----BEGIN KEY-----\nabc\n-----END KEY-----' },
  });

  test('the longest matching urlPrefix wins, matched against the URL as given or normalised', () => {
    const list: GitCredential[] = [
      { urlPrefix: 'https://github.com/', token: 'org-wide' },
      { urlPrefix: 'https://github.com/team/', token: 'team' },
      { urlPrefix: 'ssh://git@github.com/team/', sshKeyFile: '/keys/team' },
    ];
    assert.equal(findCredential(list, parseRepoLocation('https://github.com/team/app.git'))?.token, 'team');
    assert.equal(findCredential(list, parseRepoLocation('https://github.com/other/app.git'))?.token, 'org-wide');
    assert.equal(findCredential(list, parseRepoLocation('git@github.com:team/app.git'))?.sshKeyFile, '/keys/team');
    assert.equal(findCredential(list, parseRepoLocation('https://gitlab.com/team/app.git')), undefined);
  });

  test('tokens and passwords become an http.extraHeader in the environment, from values, files or variables', async () => {
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(tokenFile, 'file-token\r\n');
    const location = parseRepoLocation('https://git.example.com/r.git');
    const cases: Array<[GitCredential, string, string]> = [
      [{ urlPrefix: 'https://', tokenFile }, basic('x-access-token', 'file-token'), 'file-token'],
      [{ urlPrefix: 'https://', username: 'bot', tokenEnv: 'MY_TOKEN' }, basic('bot', 'env-token'), 'env-token'],
      [{ urlPrefix: 'https://', token: 'value-token', tokenScheme: 'bearer' }, 'Authorization: Bearer value-token', 'value-token'],
      [{ urlPrefix: 'https://', username: 'u', password: 'pw' }, basic('u', 'pw'), 'pw'],
    ];
    for (const [credential, header, secret] of cases) {
      const auth = await prepareAuth(location, credential, context());
      assert.deepEqual(auth.config, [['http.extraHeader', header]]);
      assert.ok(auth.sendsCredentials);
      assert.ok(auth.secrets.includes(secret));
      assert.ok(auth.secrets.includes(header.slice('Authorization: '.length)));
    }
  });

  test('credentials written in the URL are used when no configured one matches', async () => {
    const auth = await prepareAuth(parseRepoLocation('https://me:pw%40x@git.example.com/r'), undefined, context());
    assert.deepEqual(auth.config, [['http.extraHeader', basic('me', 'pw@x')]]);
  });

  test('no credential: no header, and nothing is offered', async () => {
    const auth = await prepareAuth(parseRepoLocation('https://git.example.com/r'), undefined, context());
    assert.deepEqual(auth.config, []);
    assert.equal(auth.sendsCredentials, false);
  });

  test('an SSH key from a variable is written 0600 for the fetch and removed after', async () => {
    const auth = await prepareAuth(
      parseRepoLocation('git@example.com:r.git'),
      { urlPrefix: 'git@', sshKeyEnv: 'MY_KEY', knownHostsFile: '/etc/kh' },
      context(),
    );
    const keyFile = /-i '?([^' ]+)'?$/.exec(auth.env.GIT_SSH_COMMAND)?.[1];
    assert.ok(keyFile, auth.env.GIT_SSH_COMMAND);
    assert.ok(keyFile.startsWith(tmp), auth.env.GIT_SSH_COMMAND);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(keyFile, 'utf8'), '-----BEGIN KEY-----\nabc\n-----END KEY-----\n');
    assert.ok(!auth.env.GIT_SSH_COMMAND.includes('BEGIN KEY'));
    assert.match(auth.env.GIT_SSH_COMMAND, /UserKnownHostsFile=\/etc\/kh/);
    await auth.dispose();
    assert.ok(!existsSync(keyFile));
  });

  test('a missing variable or file is SourceUnavailable naming it, not its value', async () => {
    const location = parseRepoLocation('https://git.example.com/r');
    await assert.rejects(prepareAuth(location, { urlPrefix: 'https://', tokenEnv: 'UNSET_VAR' }, context()), {
      code: 'SourceUnavailable',
      message: /tokenEnv names UNSET_VAR, which is not set/,
    });
    await assert.rejects(prepareAuth(location, { urlPrefix: 'https://', passwordFile: '/nonexistent/pw' }, context()), {
      code: 'SourceUnavailable',
      message: /cannot read passwordFile \/nonexistent\/pw \(ENOENT\)/,
    });
  });
});

describe('resolveGitSourceOptions', () => {
  test('fills in defaults', () => {
    const options = resolveGitSourceOptions({ cacheDir: 'rel/cache' });
    assert.equal(options.cacheDir, path.resolve('rel/cache'));
    assert.equal(options.timeoutMs, 60_000);
    assert.deepEqual(options.transports, ['https', 'http', 'ssh', 'file']);
    assert.equal(options.gitBinary, 'git');
  });

  const invalid: Array<[object, RegExp]> = [
    [{ cacheDir: '' }, /^cacheDir: is required/],
    [{ cacheDir: '/c', timeoutMs: 0 }, /^timeoutMs: must be a positive number/],
    [{ cacheDir: '/c', transports: ['ext'] }, /^transports\[0\]: must be one of/],
    [{ cacheDir: '/c', credentials: [{ token: 'x' }] }, /^credentials\[0\]\.urlPrefix: is required/],
    [
      { cacheDir: '/c', credentials: [{ urlPrefix: 'h', token: 'x', tokenFile: '/f' }] },
      /^credentials\[0\]\.tokenFile: give only one of token, tokenFile, tokenEnv/,
    ],
    [
      { cacheDir: '/c', credentials: [{ urlPrefix: 'h' }, { urlPrefix: 'h', password: 'p', token: 't' }] },
      /^credentials\[1\]\.token: give a password or a token, not both/,
    ],
    [
      { cacheDir: '/c', credentials: [{ urlPrefix: 'h', tokenScheme: 'digest' }] },
      /^credentials\[0\]\.tokenScheme: must be basic or bearer/,
    ],
    [{ cacheDir: '/c', knownHostsFile: '/a"b' }, /^knownHostsFile: must be a path without quotes/],
  ];
  for (const [options, message] of invalid) {
    test(`refuses ${JSON.stringify(options)}, naming the field`, () => {
      assert.throws(
        () => resolveGitSourceOptions(options as never),
        (error: unknown) => {
          assert.match((error as Error).message, message);
          assert.ok(!(error as Error).message.includes('"x"'));
          return true;
        },
      );
    });
  }
});
