import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHostTarget, type DriftEvent, type HostTarget } from './index.js';
import { file, tempDirs, waitFor, type TempDirs } from './host-test-support.js';

const demo = { name: 'demo' };
const ref = (name: string) => ({ group: 'host.tideway.dev', kind: 'File', name, version: 'v1alpha1' });

describe('host target: files', () => {
  let dirs: TempDirs;
  let target: HostTarget;
  const events: DriftEvent[] = [];

  before(async () => {
    dirs = await tempDirs();
    target = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true });
    target.onDrift((e) => events.push(e));
  });

  after(async () => {
    await target?.close({ stopServices: true });
    await dirs?.cleanup();
  });

  test('apply writes a file with its mode and reports created, then unchanged, then configured', async () => {
    const conf = file('app-conf', { path: 'etc/app/app.conf', content: 'port=1\n', mode: '0640' });
    assert.deepEqual(
      (await target.apply(demo, [conf], {})).map((e) => e.action),
      ['created'],
    );
    const abs = path.join(dirs.hostRoot, 'etc/app/app.conf');
    assert.equal(await readFile(abs, 'utf8'), 'port=1\n');
    assert.equal((await stat(abs)).mode & 0o777, 0o640);
    const before = (await stat(abs)).mtimeMs;
    assert.deepEqual(
      (await target.apply(demo, [conf], {})).map((e) => e.action),
      ['unchanged'],
    );
    assert.equal((await stat(abs)).mtimeMs, before, 'unchanged means not written');
    const changed = file('app-conf', { path: 'etc/app/app.conf', content: 'port=2\n', mode: '0640' });
    assert.deepEqual(
      (await target.apply(demo, [changed], { dryRun: true })).map((e) => e.action),
      ['configured'],
    );
    assert.equal(await readFile(abs, 'utf8'), 'port=1\n', 'a dry run writes nothing');
    assert.deepEqual(
      (await target.apply(demo, [changed], {})).map((e) => e.action),
      ['configured'],
    );
    assert.equal(await readFile(abs, 'utf8'), 'port=2\n');
    const [live] = await target.getLive([ref('app-conf')]);
    assert.equal((live?.status as { inSync: boolean }).inSync, true);
  });

  test('a hand edit is reported within a second and left as it is; the next apply restores it', async () => {
    const motd = file('motd', { path: 'motd', content: 'hello\n' });
    await target.apply(demo, [motd], {});
    const abs = path.join(dirs.hostRoot, 'motd');
    const t0 = Date.now();
    await writeFile(abs, 'hacked\n');
    await waitFor('drift event', () => events.find((e) => e.ref.name === 'motd' && e.reason === 'FileModified'), 1000, 5);
    assert.ok(Date.now() - t0 < 1000, `reported in ${Date.now() - t0} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await readFile(abs, 'utf8'), 'hacked\n', 'the target never restores on its own: the agent decides');
    const [dry] = await target.apply(demo, [motd], { dryRun: true });
    assert.deepEqual([dry.action, dry.message], ['configured', 'restored: the file had been changed outside Tideway']);
    assert.equal(await readFile(abs, 'utf8'), 'hacked\n', 'a dry run writes nothing');
    assert.equal((await target.apply(demo, [motd], {}))[0].action, 'configured');
    assert.equal(await readFile(abs, 'utf8'), 'hello\n');
  });

  test('a deleted file and a mode change are reported, and restored by the next apply', async () => {
    const motd = file('motd', { path: 'motd', content: 'hello\n' });
    const abs = path.join(dirs.hostRoot, 'motd');
    await rm(abs);
    await waitFor('deletion reported', () => events.find((e) => e.ref.name === 'motd' && e.reason === 'FileDeleted'), 1000, 5);
    assert.equal((await target.apply(demo, [motd], {}))[0].action, 'configured');
    assert.equal(await readFile(abs, 'utf8'), 'hello\n');
    await chmod(abs, 0o600);
    await waitFor('mode change reported', () => events.find((e) => e.ref.name === 'motd' && e.reason === 'FileModeChanged'), 1500, 5);
    await target.apply(demo, [motd], {});
    assert.equal((await stat(abs)).mode & 0o777, 0o644);
  });

  test('a deleted directory of managed files is reported and recreated by the next apply', async () => {
    const deep = file('deep', { path: 'a/b/c.txt', content: 'c' });
    await target.apply(demo, [deep], {});
    await rm(path.join(dirs.hostRoot, 'a'), { recursive: true });
    await waitFor('deletion reported', () => events.find((e) => e.ref.name === 'deep' && e.reason === 'FileDeleted'), 2500, 10);
    assert.equal((await target.apply(demo, [deep], {}))[0].action, 'configured');
    assert.equal(await readFile(path.join(dirs.hostRoot, 'a/b/c.txt'), 'utf8'), 'c');
  });

  test('paths leaving the managed root are refused per object, naming the field', async () => {
    const outside = path.join(dirs.root, 'outside');
    await mkdir(outside);
    await symlink(outside, path.join(dirs.hostRoot, 'escape'));
    const entries = await target.apply(
      demo,
      [
        file('abs', { path: '/etc/tideway-test', content: 'x' }),
        file('dotdot', { path: '../outside/x', content: 'x' }),
        file('via-link', { path: 'escape/x', content: 'x' }),
        file('fine', { path: 'fine.txt', content: 'x' }),
      ],
      {},
    );
    assert.deepEqual(
      entries.map((e) => [e.ref.name, e.action, e.reason]),
      [
        ['abs', 'failed', 'Invalid'],
        ['dotdot', 'failed', 'Invalid'],
        ['via-link', 'failed', 'UnsafePath'],
        ['fine', 'created', undefined],
      ],
    );
    assert.match(entries[0].message!, /spec\.path: must be relative to the host root/);
    assert.match(entries[1].message!, /spec\.path: must not leave the host root/);
    assert.match(entries[2].message!, /spec\.path: escape is a symbolic link leading outside the host root/);
    await assert.rejects(stat(path.join(outside, 'x')), 'nothing written outside the root');
  });

  test('a file not written by Tideway is never overwritten nor removed', async () => {
    const mine = path.join(dirs.hostRoot, 'hand-made.conf');
    await writeFile(mine, 'mine\n');
    const [entry] = await target.apply(demo, [file('hand', { path: 'hand-made.conf', content: 'tideway\n' })], {});
    assert.equal(entry.action, 'failed');
    assert.equal(entry.reason, 'Exists');
    assert.equal(await readFile(mine, 'utf8'), 'mine\n');
    const [pruned] = await target.prune(demo, [ref('hand')], {});
    assert.equal(pruned.action, 'pruned');
    assert.match(pruned.message!, /already absent \(Tideway has no record of writing it\); nothing removed/);
    assert.equal(await readFile(mine, 'utf8'), 'mine\n');
  });

  test('prune removes only files Tideway wrote, for the owning app only', async () => {
    await target.apply(demo, [file('to-prune', { path: 'etc/prune-me', content: 'bye\n' })], {});
    const neighbour = path.join(dirs.hostRoot, 'etc/neighbour');
    await writeFile(neighbour, 'stay\n');
    const [notOwner] = await target.prune({ name: 'other' }, [ref('to-prune')], {});
    assert.deepEqual([notOwner.action, notOwner.reason], ['skipped', 'NotOwned']);
    const [takeover] = await target.apply({ name: 'other' }, [file('to-prune', { path: 'etc/prune-me', content: 'mine\n' })], {});
    assert.deepEqual([takeover.action, takeover.reason], ['failed', 'SharedResource']);
    const [dry] = await target.prune(demo, [ref('to-prune')], { dryRun: true });
    assert.equal(dry.action, 'pruned');
    assert.equal(await readFile(path.join(dirs.hostRoot, 'etc/prune-me'), 'utf8'), 'bye\n');
    const [pruned] = await target.prune(demo, [ref('to-prune')], {});
    assert.equal(pruned.action, 'pruned');
    await assert.rejects(stat(path.join(dirs.hostRoot, 'etc/prune-me')));
    assert.equal(await readFile(neighbour, 'utf8'), 'stay\n');
    assert.deepEqual(await target.getLive([ref('to-prune')]), [undefined]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await assert.rejects(stat(path.join(dirs.hostRoot, 'etc/prune-me')), 'a pruned file does not come back');
  });

  test('diff shows a hand edit and masks content that is not world-readable', async () => {
    const other = await tempDirs();
    const quiet = await createHostTarget({ hostRoot: other.hostRoot, stateDir: other.stateDir, allowRoot: true });
    const seen: DriftEvent[] = [];
    quiet.onDrift((e) => seen.push(e));
    try {
      const pub = file('pub', { path: 'pub.txt', content: 'a\n' });
      const secret = file('secret', { path: 'secret.env', content: 'TOKEN=abc\n', mode: '0600' });
      await quiet.apply(demo, [pub, secret], {});
      assert.deepEqual(
        (await quiet.diff(demo, [pub, secret])).map((d) => d.change),
        ['none', 'none'],
      );
      await writeFile(path.join(other.hostRoot, 'pub.txt'), 'b\n');
      await writeFile(path.join(other.hostRoot, 'secret.env'), 'TOKEN=stolen\n');
      await waitFor('drift reported', () => seen.length >= 2, 1500);
      assert.equal(await readFile(path.join(other.hostRoot, 'pub.txt'), 'utf8'), 'b\n', 'not restored by the target');
      const [dPub, dSecret] = await quiet.diff(demo, [pub, secret]);
      assert.equal(dPub.change, 'update');
      assert.match(dPub.diff, /- {2}b\n\+ {2}a/);
      assert.equal(dSecret.change, 'update');
      assert.doesNotMatch(dSecret.diff, /abc|stolen/);
      const [live] = await quiet.getLive([ref('pub')]);
      assert.equal((live?.status as { inSync: boolean }).inSync, false);
      assert.deepEqual(
        (await quiet.apply(demo, [pub], {})).map((e) => e.action),
        ['configured'],
      );
      assert.equal(await readFile(path.join(other.hostRoot, 'pub.txt'), 'utf8'), 'a\n');
    } finally {
      await quiet.close();
      await other.cleanup();
    }
  });

  test('inventories are stored per app in the state dir', async () => {
    assert.equal(await target.readInventory(demo), undefined);
    const inventory = { app: 'demo', revision: 'abc123', objects: [ref('motd')] };
    await target.writeInventory(demo, inventory);
    assert.deepEqual(await target.readInventory(demo), inventory);
    assert.deepEqual(JSON.parse(await readFile(path.join(dirs.stateDir, 'inventory', 'demo.json'), 'utf8')), inventory);
    await assert.rejects(target.writeInventory({ name: '../evil' }, inventory), /not a valid application name/);
  });

  test('objects of other API groups fail per object, and scopes say host kinds are cluster-scoped', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    const [entry] = await target.apply(demo, [cm], {});
    assert.deepEqual([entry.action, entry.reason], ['failed', 'UnknownKind']);
    const scope = await target.scopes([]);
    assert.equal(scope({ apiVersion: 'host.tideway.dev/v1alpha1', kind: 'File' }), 'Cluster');
    assert.equal(scope({ apiVersion: 'v1', kind: 'ConfigMap' }), undefined);
  });
});
