import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storeLocationFrom } from './store-location.js';
import { UsageError } from './usage-error.js';

const cases: { name: string; flag?: string; env: NodeJS.ProcessEnv; want: unknown }[] = [
  { name: 'nothing given is SQLite', env: {}, want: { kind: 'sqlite' } },
  { name: '--store sqlite is SQLite', flag: 'sqlite', env: { TIDEWAY_STORE_URL: 'postgres://a@h/db' }, want: { kind: 'sqlite' } },
  {
    name: 'TIDEWAY_STORE_URL may hold the password',
    env: { TIDEWAY_STORE_URL: 'postgres://tideway:pw@db:5432/tideway?sslmode=verify-full' },
    want: { kind: 'postgres', url: 'postgres://tideway:pw@db:5432/tideway?sslmode=verify-full' },
  },
  {
    name: 'the flag wins over the environment; the password and CA come from the environment',
    flag: 'postgresql://tideway@db/tideway',
    env: { TIDEWAY_STORE_URL: 'postgres://x@y/z', TIDEWAY_STORE_PASSWORD: 'pw', TIDEWAY_STORE_CA_FILE: '/etc/ca.pem' },
    want: { kind: 'postgres', url: 'postgresql://tideway@db/tideway', password: 'pw', caFile: '/etc/ca.pem' },
  },
];

for (const c of cases) {
  test(`store location: ${c.name}`, () => {
    assert.deepEqual(storeLocationFrom(c.flag, c.env), c.want);
  });
}

test('store location: a password in --store is refused without echoing it', () => {
  assert.throws(
    () => storeLocationFrom('postgres://tideway:hunter2@db/tideway', {}),
    (err: unknown) => err instanceof UsageError && /process list/.test(err.message) && !err.message.includes('hunter2'),
  );
});

test('store location: anything but sqlite or a postgres URL is refused, naming where it came from', () => {
  assert.throws(() => storeLocationFrom('mysql://db', {}), /--store: expected sqlite or postgres/);
  assert.throws(
    () => storeLocationFrom(undefined, { TIDEWAY_STORE_URL: 'redis://u:secret@db' }),
    (err: unknown) => {
      const message = (err as Error).message;
      return /TIDEWAY_STORE_URL: expected/.test(message) && !message.includes('secret');
    },
  );
});

test('store location: the password file is read, its final newline dropped', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tideway-store-pw-'));
  try {
    const file = path.join(dir, 'pw');
    writeFileSync(file, 's3cret\n');
    assert.deepEqual(storeLocationFrom('postgres://tideway@db/tideway', { TIDEWAY_STORE_PASSWORD_FILE: file }), {
      kind: 'postgres',
      url: 'postgres://tideway@db/tideway',
      password: 's3cret',
    });
    assert.throws(
      () => storeLocationFrom('postgres://tideway@db/tideway', { TIDEWAY_STORE_PASSWORD_FILE: path.join(dir, 'missing') }),
      /TIDEWAY_STORE_PASSWORD_FILE: cannot read .*ENOENT/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
