import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinHealthChecks, healthOf, withHealthChecks } from '../core/health/health-of.js';
import type { Manifest } from '../core/model/manifest.js';
import { appHealthTable } from './app-health-table.js';

const widget: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { ready: true } };
const gadget: Manifest = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, status: {} };
const agent = [
  { group: 'example.com', kind: 'Widget', check: () => ({ status: 'Degraded' as const, message: 'the agent says' }) },
  { group: 'example.com', kind: 'Gadget', check: () => ({ status: 'Suspended' as const, message: 'the agent says' }) },
];
const target = withHealthChecks(builtinHealthChecks, [
  { group: 'example.com', kind: '*', check: () => ({ status: 'Missing' as const, message: 'the target says' }) },
]);

test("an app's objects are judged by its own CEL checks, then the agent's, then the target's table", async () => {
  const app = {
    name: 'shop',
    healthCheckExprs: [{ apiVersion: 'example.com/v1', kind: 'Widget', current: 'self.status.ready' }],
  };
  const table = await appHealthTable(target, agent, app);
  assert.deepEqual(healthOf(widget, table), { status: 'Healthy' }, "the app's CEL check first");
  assert.deepEqual(healthOf(gadget, table), { status: 'Suspended', message: 'the agent says' }, "then the agent's");
  const other = { ...gadget, kind: 'Other' };
  assert.deepEqual(healthOf(other, table), { status: 'Missing', message: 'the target says' }, "then the target's");
  assert.equal(await appHealthTable(target, undefined, { name: 'plain' }), target, 'no checks of its own: the target table as is');
});

test('an app expression that does not compile fails with the app and the field named', async () => {
  await assert.rejects(
    () => appHealthTable(target, [], { name: 'shop', healthCheckExprs: [{ apiVersion: 'x/v1', kind: 'K', current: 'self.status.' }] }),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'InvalidApplication');
      assert.match(err.message, /^Application shop: spec\.healthCheckExprs\[0\]\.current: syntax error/);
      return true;
    },
  );
});
