/**
 * The command line as people call it, wrongly too: `node bin/tideway.js ...` (the bundle npm test
 * builds) as a child process, and through a symlink from another directory as `npm link` or
 * `npm install -g .` installs it. No agent and no cluster: what is checked is what the CLI answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-cmdline-'));
const env = {
  ...process.env,
  TIDEWAY_AGENT: '',
  TIDEWAY_AGENT_URL: '',
  TIDEWAY_API_TOKEN: '',
  TIDEWAY_DATA_DIR: '',
  TIDEWAY_DEBUG: '',
  XDG_CONFIG_HOME: path.join(tmp, 'config'),
  TIDEWAY_CACHE_DIR: path.join(tmp, 'cache'),
};

function run(
  argv: string[],
  options: { bin?: string; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [options.bin ?? path.join(root, 'bin/tideway.js'), ...argv], {
    cwd: options.cwd ?? tmp,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

after(() => rmSync(tmp, { recursive: true, force: true }));

describe('tideway on the command line', () => {
  test('tideway --version and tideway version print the package version', async () => {
    for (const argv of [['--version'], ['version']]) {
      const r = await run(argv);
      assert.deepEqual([r.code, r.stdout, r.stderr], [0, `tideway ${version}\n`, ''], argv.join(' '));
    }
  });

  test('tideway help lists every command; tideway help CMD is CMD --help, generated from its flag table', async () => {
    const list = await run(['help']);
    assert.equal(list.code, 0);
    for (const c of ['render', 'diff', 'sync', 'health', 'agent', 'up', 'status', 'history', 'rollback', 'resume', 'audit', 'version'])
      assert.match(list.stdout, new RegExp(`^ {2}${c} +\\S`, 'm'), c);
    const viaHelp = await run(['help', 'history']);
    const viaFlag = await run(['history', '--help']);
    assert.equal(viaHelp.code, 0);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.match(viaHelp.stdout, /^usage: tideway history APP/);
    assert.match(viaHelp.stdout, /^ {6}--limit N +show the newest N syncs/m);
  });

  test('an unknown command or flag exits 2, tagged [Usage], with "did you mean" and where to look', async () => {
    const command = await run(['statu']);
    assert.equal(command.code, 2);
    assert.equal(
      command.stderr,
      `tideway: unknown command "statu" (did you mean status?) [Usage]\nRun 'tideway help' for the list of commands.\n`,
    );
    const flag = await run(['history', 'web', '--limt', '3']);
    assert.equal(flag.code, 2);
    assert.equal(
      flag.stderr,
      `tideway history: --limt: unknown flag (did you mean --limit?) [Usage]\nRun 'tideway history --help' for its flags.\n`,
    );
    const missing = await run(['diff']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^tideway diff: -f FILE is required: the Application file to compare \[Usage\]\n/);
    assert.ok(!/InvalidApplication/.test(`${command.stderr}${flag.stderr}${missing.stderr}`));
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^usage: tideway <command> \[flags\]/);
  });

  test('with -o json an error is one JSON line on stderr, {"error": {"code", "message"}}, and nothing on stdout', async () => {
    const usage = await run(['status', '-o', 'json', '--agnet', 'http://127.0.0.1:1']);
    assert.equal(usage.code, 2);
    assert.equal(usage.stdout, '');
    assert.deepEqual(JSON.parse(usage.stderr), { error: { code: 'Usage', message: '--agnet: unknown flag (did you mean --agent?)' } });
    const noAgent = await run(['status', '-o', 'json']);
    assert.equal(noAgent.code, 2);
    assert.equal(noAgent.stdout, '');
    assert.equal(noAgent.stderr.trimEnd().split('\n').length, 1);
    const error = JSON.parse(noAgent.stderr).error;
    assert.equal(error.code, 'AgentUnavailable');
    assert.match(error.message, /^no running agent found in \.tideway\//);
  });

  test('tideway agent --apps with a missing directory exits 2 at once, naming it, instead of serving 0 apps', async () => {
    const r = await run(['agent', '--apps', 'no-such-apps', '--port', '0', '--data-dir', path.join(tmp, 'agent-data')]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "tideway agent: --apps no-such-apps: no such file or directory [Usage]\nRun 'tideway agent --help' for its flags.\n",
    );
  });

  test('render of a missing directory says so in one line', async () => {
    const r = await run(['render', 'no-such-dir']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'tideway render: no-such-dir: no such directory (DIR) [RenderFailed]\n');
  });

  test('linked as npm link / npm install -g links it (a symlink on the PATH), it runs from any directory', async () => {
    const binDir = path.join(tmp, 'global', 'bin');
    mkdirSync(binDir, { recursive: true });
    symlinkSync(path.join(root, 'bin/tideway.js'), path.join(binDir, 'tideway'));
    const elsewhere = path.join(tmp, 'elsewhere');
    mkdirSync(path.join(elsewhere, 'manifests'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'manifests', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linked }\n');
    const v = await run(['--version'], { bin: path.join(binDir, 'tideway'), cwd: elsewhere });
    assert.deepEqual([v.code, v.stdout], [0, `tideway ${version}\n`]);
    const rendered = await run(['render', 'manifests'], { bin: path.join(binDir, 'tideway'), cwd: elsewhere });
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.match(rendered.stdout, /name: linked/);
  });
});
