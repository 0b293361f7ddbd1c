import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadApplications, loadApplicationsFromDir } from '../app-files/load-applications.js';
import { parseManifests } from '../render/parse-manifests.js';
import { validateHostObject } from '../target/host/validate.js';
import {
  ensureExampleRepo,
  EXAMPLE_CONFIG_HOST_PATH,
  EXAMPLE_CONFIG_MANIFEST,
  EXAMPLE_GREETING,
  EXAMPLE_TEMPLATES_DIR,
  withServicePort,
} from './example-repo.js';
import { serviceEndpoints } from './service-endpoints.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tideway-example-'));
after(() => rmSync(root, { recursive: true, force: true }));
const gitIn = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

function manifestsOf(dir: string) {
  const folder = path.join(dir, 'manifests');
  return readdirSync(folder)
    .sort()
    .flatMap((f) => parseManifests(readFileSync(path.join(folder, f), 'utf8'), f).map((r) => r.object));
}

describe('the example templates', () => {
  test('hold one host Application polling its own repository every 5 s, automated with prune and selfHeal', async () => {
    const [app] = await loadApplications(path.join(EXAMPLE_TEMPLATES_DIR, 'application.yaml'));
    assert.equal(app.name, 'quickstart');
    assert.equal(app.destination.target, 'host');
    assert.equal(app.source.repoURL, path.resolve(EXAMPLE_TEMPLATES_DIR));
    assert.equal(app.source.path, 'manifests');
    assert.equal(app.source.intervalMs, 5000);
    assert.deepEqual([app.syncPolicy.automated, app.syncPolicy.prune, app.syncPolicy.selfHeal], [true, true, true]);
    assert.deepEqual(
      await loadApplicationsFromDir(path.join(EXAMPLE_TEMPLATES_DIR, 'manifests')),
      [],
      'no Application among the manifests',
    );
  });

  test('are valid host objects: the config File, the code File and a 2-replica Service restarted when either changes', () => {
    const objects = manifestsOf(EXAMPLE_TEMPLATES_DIR);
    const resolved = objects.map((o) => {
      const r = validateHostObject(o);
      assert.ok(r.ok, `${o.kind}/${o.metadata.name}: ${r.ok ? '' : r.errors.map((e) => e.message).join('; ')}`);
      return r.value;
    });
    const config = resolved.find((o) => o.kind === 'File' && o.path === EXAMPLE_CONFIG_HOST_PATH);
    assert.ok(config && config.kind === 'File' && config.content.includes(`greeting = ${EXAMPLE_GREETING}`));
    const service = resolved.find((o) => o.kind === 'Service');
    assert.ok(service && service.kind === 'Service');
    assert.equal(service.replicas, 2);
    assert.deepEqual(service.restartOn.sort(), ['greeter-code', 'greeter-config']);
    assert.equal(service.readinessProbe?.action.type, 'http');
    assert.deepEqual(
      serviceEndpoints(objects).map((e) => e.url),
      ['http://127.0.0.1:8081/', 'http://127.0.0.1:8082/'],
    );
    assert.ok(objects.some((o) => o.metadata.name === 'greeter-config' && EXAMPLE_CONFIG_MANIFEST.endsWith('greeter-config.yaml')));
  });
});

describe('ensureExampleRepo', () => {
  test('creates a git repository with one commit by Tideway Quickstart, the replica ports moved to the one asked for', async () => {
    const dir = path.join(root, 'fresh');
    const repo = await ensureExampleRepo({ dir, servicePort: 9301 });
    assert.deepEqual(repo, { dir, appFile: path.join(dir, 'application.yaml'), created: true });
    assert.equal(gitIn(dir, 'log', '--format=%an <%ae>|%cn'), 'Tideway Quickstart <quickstart@tideway.invalid>|Tideway Quickstart');
    assert.equal(gitIn(dir, 'status', '--porcelain'), '', 'everything committed');
    assert.deepEqual(gitIn(dir, 'ls-files').split('\n').sort(), [
      'application.yaml',
      'manifests/greeter-code.yaml',
      'manifests/greeter-config.yaml',
      'manifests/greeter.yaml',
    ]);
    assert.deepEqual(
      serviceEndpoints(manifestsOf(dir)).map((e) => e.url),
      ['http://127.0.0.1:9301/', 'http://127.0.0.1:9302/'],
    );
    assert.equal(statSync(path.join(dir, EXAMPLE_CONFIG_MANIFEST)).isFile(), true);
  });

  test('gives the repository an identity of its own only when the user has none, so the suggested git commit works', async () => {
    const globalConfig = path.join(root, 'gitconfig');
    writeFileSync(globalConfig, '[user]\n\tname = Ada Tester\n\temail = ada@example.com\n');
    const withGlobal = async (file: string, dir: string) => {
      const saved = { global: process.env.GIT_CONFIG_GLOBAL, system: process.env.GIT_CONFIG_NOSYSTEM };
      Object.assign(process.env, { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1' });
      try {
        await ensureExampleRepo({ dir, servicePort: 8081 });
        return execFileSync('git', ['config', 'user.email'], { cwd: dir, encoding: 'utf8' }).trim();
      } finally {
        for (const [name, value] of [
          ['GIT_CONFIG_GLOBAL', saved.global],
          ['GIT_CONFIG_NOSYSTEM', saved.system],
        ] as const) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    };
    assert.equal(await withGlobal('/dev/null', path.join(root, 'anonymous')), 'quickstart@tideway.invalid');
    assert.equal(await withGlobal(globalConfig, path.join(root, 'known')), 'ada@example.com', "the user's own identity is kept");
  });

  test('keeps an existing example as it is, history included', async () => {
    const dir = path.join(root, 'fresh');
    const head = gitIn(dir, 'rev-parse', 'HEAD');
    assert.equal((await ensureExampleRepo({ dir, servicePort: 9999 })).created, false);
    assert.equal(gitIn(dir, 'rev-parse', 'HEAD'), head);
    assert.match(readFileSync(path.join(dir, 'manifests', 'greeter.yaml'), 'utf8'), /\{\{replica \+ 9301\}\}/);
  });

  test('uses an empty directory, and refuses a non-empty one that is not an example', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    assert.equal((await ensureExampleRepo({ dir: empty, servicePort: 8081 })).created, true);
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    await assert.rejects(ensureExampleRepo({ dir: busy, servicePort: 8081 }), /busy exists but is not a quickstart repository.*--repo/);
    assert.deepEqual(readdirSync(busy), ['notes.txt'], 'left untouched');
  });
});

test('withServicePort moves only the replica-port templates', () => {
  assert.equal(
    withServicePort('PORT: "{{replica + 8081}}" # 8081 and {{replica}}', 9000),
    'PORT: "{{replica + 9000}}" # 8081 and {{replica}}',
  );
});
