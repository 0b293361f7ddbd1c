import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHostRootPrivate } from './root-guard.js';

/** A fake file system of owners and modes: a pure check of the rule, no root needed. */
const fs = (entries: Record<string, [number, number]>) => async (p: string) => {
  const e = entries[p];
  if (!e) throw new Error(`no ${p}`);
  return { uid: e[0], mode: 0o40000 | e[1] };
};

test('as root, a host root writable by others, owned by another user, or under such a directory is refused', async () => {
  const cases: [string, Record<string, [number, number]>, RegExp | undefined][] = [
    ['all root, 0755', { '/srv/host': [0, 0o755], '/srv': [0, 0o755], '/': [0, 0o755] }, undefined],
    ['root in sticky /tmp', { '/tmp/host': [0, 0o700], '/tmp': [0, 0o1777], '/': [0, 0o755] }, undefined],
    [
      'root writable by others',
      { '/srv/host': [0, 0o777], '/srv': [0, 0o755], '/': [0, 0o755] },
      /the host root \/srv\/host is writable by others \(mode 777\)/,
    ],
    ['root group-writable', { '/srv/host': [0, 0o775], '/srv': [0, 0o755], '/': [0, 0o755] }, /is writable by others \(mode 775\)/],
    [
      'root owned by a user',
      { '/home/u/host': [1000, 0o755], '/home/u': [1000, 0o755], '/home': [0, 0o755], '/': [0, 0o755] },
      /the host root \/home\/u\/host belongs to uid 1000/,
    ],
    [
      'parent owned by a user',
      { '/home/u/host': [0, 0o755], '/home/u': [1000, 0o755], '/home': [0, 0o755], '/': [0, 0o755] },
      /\/home\/u \(above the host root\) belongs to uid 1000/,
    ],
    ['sticky root itself', { '/srv/host': [0, 0o1777], '/srv': [0, 0o755], '/': [0, 0o755] }, /writable by others \(mode 1777\)/],
  ];
  for (const [name, entries, refused] of cases) {
    const root = Object.keys(entries)[0];
    const check = assertHostRootPrivate(root, { uid: 0, stat: fs(entries) });
    if (refused) await assert.rejects(check, refused, name);
    else await check;
  }
});

test('not root: no check (the agent cannot write outside what its user may write anyway)', async () => {
  await assertHostRootPrivate('/srv/host', { uid: 1000, stat: fs({}) });
});
