import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinHealthChecks, healthOf, withHealthChecks, type HealthTable } from '../../core/health/index.js';
import type { Manifest } from '../../core/model/manifest.js';
import { createLuaHealthChecks, type LuaHealthChecks } from './lua-health-checks.js';
import { loadLuaHealthScripts } from './load-lua-scripts.js';
import type { LuaLimits } from './lua-vm.js';

const testdata = new URL('./testdata/', import.meta.url).pathname;
const object = (apiVersion: string, kind: string, fields: Record<string, unknown> = {}): Manifest =>
  ({ apiVersion, kind, metadata: { name: 'w', namespace: 'shop' }, ...fields }) as Manifest;

async function single(script: string, limits?: Partial<LuaLimits>) {
  const checks = await createLuaHealthChecks([{ group: 'example.com', kind: 'Widget', script, source: 'test.lua' }], { limits });
  return { checks, table: withHealthChecks(builtinHealthChecks, checks.entries) };
}

describe('Lua health checks from a directory and an argocd-cm file', () => {
  let checks: LuaHealthChecks;
  let table: HealthTable;
  before(async () => {
    checks = await createLuaHealthChecks(
      [...loadLuaHealthScripts(`${testdata}checks`), ...loadLuaHealthScripts(`${testdata}argocd-cm.yaml`)],
      {
        fallback: builtinHealthChecks,
      },
    );
    table = withHealthChecks(builtinHealthChecks, checks.entries);
  });
  after(() => checks.close());

  const cases: [string, Manifest, string, string | undefined][] = [
    [
      'A script reads obj and returns Healthy',
      object('example.com/v1', 'Widget', { spec: { parts: 3 }, status: { paintedParts: 3 } }),
      'Healthy',
      'All 3 parts painted',
    ],
    [
      'A script formats numbers with string.format',
      object('example.com/v1', 'Widget', { spec: { parts: 3 }, status: { paintedParts: 1 } }),
      'Progressing',
      '1 of 3 parts painted',
    ],
    [
      'A script walks conditions with ipairs',
      object('example.com/v1', 'Widget', {
        spec: { parts: 1 },
        status: { paintedParts: 1, conditions: [{ type: 'Smudged', status: 'True', message: 'thumbprint' }] },
      }),
      'Degraded',
      'thumbprint',
    ],
    ['A script sees a missing status as nil', object('example.com/v1', 'Widget', { spec: {} }), 'Progressing', 'Waiting for the painter'],
    [
      'A _ directory is a wildcard for groups and kinds',
      object('shop.example.org/v1', 'Anything', { status: { state: 'UP' } }),
      'Healthy',
      'Anything is up',
    ],
    [
      'A resource.customizations.health key from argocd-cm is used',
      object('example.com/v1', 'Gadget', { spec: { broken: true } }),
      'Degraded',
      'Gadget w is broken',
    ],
    ['A script may leave out the message', object('example.com/v1', 'Gadget', { spec: {} }), 'Healthy', undefined],
    [
      'A wildcard key (*.example.net_*) serves every group under it',
      object('a.example.net/v1', 'Thing', { spec: { owner: 'ops' } }),
      'Suspended',
      'paused by ops',
    ],
    ['The older resource.customizations YAML is read too', object('example.com/v1', 'Legacy'), 'Healthy', 'legacy format'],
    ['A core kind is keyed _Kind', object('v1', 'ConfigMap', { data: { ready: 'no' } }), 'Progressing', 'not ready'],
    [
      'A script that returns nil leaves the object to the built-in check',
      object('v1', 'ConfigMap', { data: {} }),
      'Healthy',
      'No status to assess',
    ],
  ];
  for (const [name, obj, status, message] of cases) {
    test(name, () => assert.deepEqual(healthOf(obj, table), message === undefined ? { status } : { status, message }));
  }

  test('A script keeps no state from one object to the next (globals are per run)', () => {
    const broken = healthOf(object('example.com/v1', 'Gadget', { spec: { broken: true } }), table);
    const fine = healthOf(object('example.com/v1', 'Gadget', { spec: {} }), table);
    assert.equal(broken.status, 'Degraded');
    assert.deepEqual(fine, { status: 'Healthy' });
  });
});

describe('Lua health checks are sandboxed and bounded', () => {
  const widget = object('example.com/v1', 'Widget', { spec: {} });

  test('A script that loops forever is stopped and reported Unknown with a message', async () => {
    const { checks, table } = await single('while true do end', { timeoutMs: 200, maxInstructions: 1e12 });
    const started = Date.now();
    const health = healthOf(widget, table);
    assert.equal(health.status, 'Unknown');
    assert.match(health.message ?? '', /^Lua health check test\.lua stopped: stopped after 200 ms \(time limit\)$/);
    assert.ok(Date.now() - started < 2000);
    // the state stays usable, and the next run gets a fresh deadline
    assert.equal(healthOf(widget, table).status, 'Unknown');
    checks.close();
  });

  test('A script that runs too many instructions is stopped', async () => {
    const { checks, table } = await single('local n = 0 for i = 1, 1e9 do n = n + i end return {status = "Healthy"}', {
      maxInstructions: 100_000,
    });
    assert.match(healthOf(widget, table).message ?? '', /stopped after 100000 instructions/);
    checks.close();
  });

  test('A script that allocates without bound is stopped at the memory limit', async () => {
    const { checks, table } = await single('local t = {} for i = 1, 1e9 do t[i] = {i} end', {
      memoryBytes: 4 * 1024 * 1024,
      timeoutMs: 5000,
    });
    const health = healthOf(widget, table);
    assert.equal(health.status, 'Unknown');
    assert.match(health.message ?? '', /memory limit/);
    checks.close();
  });

  const forbidden: [string, string][] = [
    ['io.open("/etc/passwd")', 'io'],
    ['os.execute("true")', 'execute'],
    ['os.exit(1)', 'exit'],
    ['require("io")', 'require is not available'],
    ['load("return 1")()', 'load'],
    ['dofile("/etc/passwd")', 'dofile'],
    ['debug.getinfo(1)', 'debug'],
    ['string.dump(function() end)', 'dump'],
    ['local s = string.rep("a", 70000) return string.find(s, "(.-)(.-)b")', 'string too long'],
    ['local s = string.rep("a", 70000) return s:find("(.-)(.-)b")', 'string too long'],
  ];
  for (const [code, word] of forbidden) {
    test(`A script cannot reach outside the sandbox: ${code}`, async () => {
      const { checks, table } = await single(code);
      const health = healthOf(widget, table);
      assert.equal(health.status, 'Unknown');
      assert.match(health.message ?? '', new RegExp(word));
      checks.close();
    });
  }

  test('A script may use the clock functions of os, as in Argo CD', async () => {
    const { checks, table } = await single('local os = require("os") return {status = "Healthy", message = type(os.time())}');
    assert.deepEqual(healthOf(widget, table), { status: 'Healthy', message: 'number' });
    checks.close();
  });

  test('A status outside the vocabulary is Unknown, as in Argo CD', async () => {
    const { checks, table } = await single('return {status = "Fine"}');
    assert.deepEqual(healthOf(widget, table), { status: 'Unknown', message: 'Lua returned an invalid health status' });
    checks.close();
  });

  test('A runtime error is Unknown and names the script and line', async () => {
    const { checks, table } = await single('local x = nil\nreturn {status = x.y}');
    assert.match(healthOf(widget, table).message ?? '', /^Lua health check test\.lua failed: line 2: attempt to index a nil value/);
    checks.close();
  });

  test('A script that does not compile is refused when the checks load, naming it and the line', async () => {
    await assert.rejects(createLuaHealthChecks([{ group: 'example.com', kind: 'Widget', script: 'if then', source: 'bad.lua' }]), {
      code: 'InvalidManifest',
      message: "bad.lua: Lua: line 1: unexpected symbol near 'then'",
    });
  });

  test('Lua 5.1 names used by Argo CD scripts work (table.getn, unpack)', async () => {
    const { checks, table } = await single(
      'local t = {1, 2} local a, b = unpack(t) return {status = "Healthy", message = table.getn(t) .. a .. b}',
    );
    assert.deepEqual(healthOf(widget, table), { status: 'Healthy', message: '212' });
    checks.close();
  });
});
