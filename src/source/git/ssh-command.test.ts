import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { shellQuote } from '../../text/shell-quote.js';
import { buildSshCommand } from './ssh-command.js';
import { makeTempDir } from './testing/git-repo.js';

/** What ssh itself makes of the command (`ssh -G` prints the resolved options and connects nowhere). */
function sshOptions(command: string): Map<string, string[]> {
  const run = spawnSync('sh', ['-c', `${command} -G example.com`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  assert.equal(run.status, 0, run.stderr);
  const options = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) options.set(line.slice(0, space), [...(options.get(line.slice(0, space)) ?? []), line.slice(space + 1)]);
  }
  return options;
}

describe('GIT_SSH_COMMAND', () => {
  test('with a key: only that key, strict host checking against the given known_hosts, never a prompt', () => {
    const dir = makeTempDir("tideway ssh 'quoted' ");
    try {
      const key = path.join(dir, "id key's");
      const knownHosts = path.join(dir, 'known hosts');
      writeFileSync(key, 'not a real key\n', { mode: 0o600 });
      writeFileSync(knownHosts, '');
      const command = buildSshCommand({ keyFile: key, knownHostsFile: knownHosts, connectTimeoutSeconds: 7.2 });
      const options = sshOptions(command);
      assert.deepEqual(options.get('identityfile'), [key]);
      assert.deepEqual(options.get('identitiesonly'), ['yes']);
      assert.deepEqual(options.get('batchmode'), ['yes']);
      assert.deepEqual(options.get('stricthostkeychecking'), ['true']);
      assert.deepEqual(options.get('userknownhostsfile'), [knownHosts]);
      assert.deepEqual(options.get('globalknownhostsfile'), ['/dev/null']);
      assert.deepEqual(options.get('connecttimeout'), ['8']);
      assert.ok(!command.includes('not a real key'), 'the command names the key file, never its content');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a known_hosts file every host key is unknown (so every host is refused)', () => {
    const options = sshOptions(buildSshCommand({ connectTimeoutSeconds: 60 }));
    assert.deepEqual(options.get('userknownhostsfile'), ['/dev/null']);
    assert.deepEqual(options.get('stricthostkeychecking'), ['true']);
    assert.deepEqual(options.get('connecttimeout'), ['60']);
  });

  test('a known_hosts path with a double quote is refused rather than mis-quoted', () => {
    assert.throws(() => buildSshCommand({ knownHostsFile: '/tmp/a"b', connectTimeoutSeconds: 1 }), /quote/);
  });

  test('shellQuote keeps every character literal', () => {
    const word = `it's $(touch x) \`y\` "z" \\ ;|&`;
    const run = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
    assert.equal(run.stdout, word);
  });
});
