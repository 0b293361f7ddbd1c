import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { healthOf } from '../core/health/health-of.js';
import { markOwned } from '../core/inventory/ownership.js';
import type { Manifest } from '../core/model/manifest.js';
import { refOf } from '../core/model/object-ref.js';
import { waitFor } from '../../test/support/wait-for.js';
import type { AppIdentity, Target } from './target.js';

/** One target under test, with what the suite needs to make objects of a kind it takes and to change them behind its back. */
export interface TargetUnderTest {
  target: Target;
  /** A desired object of a kind this target takes, named `name`, whose content is `value` (not yet ownership-marked). */
  object(name: string, value: string): Manifest;
  /** Changes the live object's content as a person would, outside Tideway. */
  changeLive(name: string, value: string): Promise<void>;
  /** The live object's content, undefined when it does not exist. */
  liveValue(name: string): Promise<string | undefined>;
  /** A fresh app identity (its inventory lives where this target keeps inventories). */
  app(name: string): AppIdentity;
  cleanup(): Promise<void>;
}

/**
 * What every target promises, whatever it applies to: the behaviour sync and reconcile rely on. Run
 * on the memory target (milliseconds), the host target (real files) and the Kubernetes target (a
 * real API server, end to end).
 */
export function runTargetSuite(name: string, factory: () => Promise<TargetUnderTest>): void {
  describe(`${name} target contract`, () => {
    let t: TargetUnderTest;
    let n = 0;
    const unique = (prefix: string) => `${prefix}-${++n}`;
    const desired = (app: AppIdentity, objectName: string, value: string) => markOwned(app.name, t.object(objectName, value));

    before(async () => {
      t = await factory();
    });
    after(async () => {
      await t?.cleanup();
    });

    test('an object is created, then left unchanged, then configured when its desired state changes', async () => {
      const app = t.app(unique('app'));
      const name = unique('obj');
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'one')], {})).map((e) => e.action),
        ['created'],
      );
      assert.equal(await t.liveValue(name), 'one');
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'one')], {})).map((e) => e.action),
        ['unchanged'],
      );
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'two')], {})).map((e) => e.action),
        ['configured'],
      );
      assert.equal(await t.liveValue(name), 'two');
    });

    test('a dry run reports what would happen and changes nothing', async () => {
      const app = t.app(unique('app'));
      const name = unique('obj');
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'one')], { dryRun: true })).map((e) => e.action),
        ['created'],
      );
      assert.equal(await t.liveValue(name), undefined);
      await t.target.apply(app, [desired(app, name, 'one')], {});
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'two')], { dryRun: true })).map((e) => e.action),
        ['configured'],
      );
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'one')], { dryRun: true })).map((e) => e.action),
        ['unchanged'],
      );
      assert.equal(await t.liveValue(name), 'one');
    });

    test('a change made outside Tideway is taken back by the next apply and reported as configured', async () => {
      const app = t.app(unique('app'));
      const name = unique('obj');
      await t.target.apply(app, [desired(app, name, 'git')], {});
      await t.changeLive(name, 'by hand');
      const [diff] = await t.target.diff(app, [desired(app, name, 'git')]);
      assert.equal(diff.change, 'update');
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'git')], { force: true })).map((e) => e.action),
        ['configured'],
      );
      assert.equal(await t.liveValue(name), 'git');
      assert.deepEqual(
        (await t.target.apply(app, [desired(app, name, 'git')], {})).map((e) => e.action),
        ['unchanged'],
      );
      const [again] = await t.target.diff(app, [desired(app, name, 'git')]);
      assert.equal(again.change, 'none');
    });

    test('prune deletes what the app owns; a dry-run prune deletes nothing', async () => {
      const app = t.app(unique('app'));
      const name = unique('obj');
      const object = desired(app, name, 'bye');
      await t.target.apply(app, [object], {});
      assert.deepEqual(
        (await t.target.prune(app, [refOf(object)], { dryRun: true })).map((e) => e.action),
        ['pruned'],
      );
      assert.equal(await t.liveValue(name), 'bye');
      assert.deepEqual(
        (await t.target.prune(app, [refOf(object)], {})).map((e) => e.action),
        ['pruned'],
      );
      // A deletion may finish a moment after it is accepted (Kubernetes' foreground deletion).
      await waitFor('the pruned object gone', async () => (await t.liveValue(name)) === undefined, { timeoutMs: 10_000, intervalMs: 50 });
      assert.deepEqual(await t.target.getLive([refOf(object)]), [undefined]);
    });

    test("prune never deletes another app's object", async () => {
      const owner = t.app(unique('owner'));
      const other = t.app(unique('other'));
      const name = unique('obj');
      const object = desired(owner, name, 'mine');
      await t.target.apply(owner, [object], {});
      const [entry] = await t.target.prune(other, [refOf(object)], {});
      assert.deepEqual([entry.action, entry.reason], ['skipped', 'NotOwned']);
      assert.equal(await t.liveValue(name), 'mine');
    });

    test('an object another app owns is refused as shared, and taken over when the app adopts from that app', async () => {
      const owner = t.app(unique('owner'));
      const other = t.app(unique('other'));
      const name = unique('obj');
      await t.target.apply(owner, [desired(owner, name, 'mine')], {});
      const [refused] = await t.target.apply(other, [desired(other, name, 'theirs')], {});
      assert.deepEqual([refused.action, refused.reason], ['failed', 'SharedResource']);
      assert.match(refused.message ?? '', new RegExp(`Tideway app ${owner.name}`));
      assert.equal(await t.liveValue(name), 'mine');
      const [adopted] = await t.target.apply(other, [desired(other, name, 'theirs')], { adopt: { adopt: false, adoptFrom: [owner.name] } });
      assert.equal(adopted.action, 'configured');
      assert.equal(await t.liveValue(name), 'theirs');
      const [nowRefused] = await t.target.apply(owner, [desired(owner, name, 'mine')], {});
      assert.deepEqual([nowRefused.action, nowRefused.reason], ['failed', 'SharedResource'], 'the first app no longer takes it back');
    });

    test('inventories are kept per app', async () => {
      const a = t.app(unique('app'));
      const b = t.app(unique('app'));
      assert.equal(await t.target.readInventory(a), undefined);
      const ref = refOf(desired(a, unique('obj'), 'x'));
      await t.target.writeInventory(a, { app: a.name, revision: 'abc', objects: [ref] });
      assert.deepEqual(await t.target.readInventory(a), { app: a.name, revision: 'abc', objects: [ref] });
      assert.equal(await t.target.readInventory(b), undefined);
    });

    test("apply reports each object's health as the target's own health table judges the live object", async () => {
      const app = t.app(unique('app'));
      const object = desired(app, unique('obj'), 'ok');
      const [entry] = await t.target.apply(app, [object], {});
      const [live] = await t.target.getLive([refOf(object)]);
      assert.ok(live);
      assert.deepEqual(entry.health?.status, healthOf(live, t.target.healthTable).status);
    });
  });
}
