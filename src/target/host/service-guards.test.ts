import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createHostTarget } from './index.js';
import { killAll, processesWith, service, tempDirs } from './host-test-support.js';
import { isLoaderEnv, isLoopbackHost } from './service-guards.js';

test('loader and runtime injection variables are recognised; ordinary ones are not', () => {
  const cases: [string, boolean][] = [
    ['LD_PRELOAD', true],
    ['LD_LIBRARY_PATH', true],
    ['LD_AUDIT', true],
    ['ld_preload', true],
    ['DYLD_INSERT_LIBRARIES', true],
    ['NODE_OPTIONS', true],
    ['PYTHONPATH', true],
    ['PERL5OPT', true],
    ['JAVA_TOOL_OPTIONS', true],
    ['BASH_ENV', true],
    ['BASH_FUNC_ls%%', true],
    ['GCONV_PATH', true],
    ['PORT', false],
    ['NODE_ENV', false],
    ['PATH', false],
    ['OLD_PRELOAD', false],
  ];
  for (const [name, loader] of cases) assert.equal(isLoaderEnv(name), loader, name);
});

test('only loopback addresses count as loopback', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['169.254.169.254', false],
    ['127.0.0.1.nip.io', false],
    ['localhost.example.com', false],
    ['0.0.0.0', false],
    ['127.256.0.1', false],
  ];
  for (const [host, loopback] of cases) assert.equal(isLoopbackHost(host), loopback, host);
});

describe('the host target refuses, per Service, loader variables and remote probes unless allowed', () => {
  const ref = (name: string) => ({ group: 'host.tideway.dev', kind: 'Service', name, version: 'v1alpha1' });
  const sleeper = (name: string, token: string, extra: Record<string, unknown>) =>
    service(name, { command: process.execPath, args: ['-e', `setInterval(() => {}, 1000) // ${token}`], ...extra });

  test('refused by default, started when the target allows it', async () => {
    const token = `tideway-guard-${randomBytes(4).toString('hex')}`;
    const dirs = await tempDirs();
    const strict = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true });
    try {
      const entries = await strict.apply(
        { name: 'demo' },
        [
          sleeper('preload', token, { env: { LD_PRELOAD: '/tmp/evil.so', PORT: '1' } }),
          sleeper('probe', token, { readinessProbe: { http: { port: 80, path: '/', host: '169.254.169.254' } } }),
          sleeper('fine', token, { env: { PORT: '1' }, readinessProbe: { tcp: { port: 1, host: '::1' } } }),
        ],
        {},
      );
      const byName = new Map(entries.map((e) => [e.ref.name, e]));
      assert.equal(byName.get('preload')?.action, 'failed');
      assert.equal(byName.get('preload')?.reason, 'NotAllowed');
      assert.match(byName.get('preload')?.message ?? '', /spec\.env\.LD_PRELOAD: sets what the program loads/);
      assert.equal(byName.get('probe')?.action, 'failed');
      assert.match(byName.get('probe')?.message ?? '', /spec\.readinessProbe\.http\.host: "169\.254\.169\.254" is not a loopback address/);
      assert.equal(byName.get('fine')?.action, 'created');
      assert.equal(processesWith(token).length, 1, 'only the allowed Service runs');
      assert.deepEqual((await strict.getLive([ref('preload')])).filter(Boolean), []);
    } finally {
      await strict.close({ stopServices: true });
      killAll(token);
    }
    const open = await createHostTarget({
      hostRoot: dirs.hostRoot,
      stateDir: dirs.stateDir,
      allowRoot: true,
      allowLoaderEnv: true,
      allowRemoteProbes: true,
    });
    try {
      const entries = await open.apply({ name: 'demo' }, [sleeper('preload', token, { env: { LD_LIBRARY_PATH: '/nonexistent' } })], {});
      assert.equal(entries[0].action, 'created', entries[0].message);
    } finally {
      await open.close({ stopServices: true });
      killAll(token);
      await dirs.cleanup();
    }
  });
});
