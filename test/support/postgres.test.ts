import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPostgresBinaries } from './postgres.js';

test('TIDEWAY_TEST_PG_BIN is the only place looked at when set: binaries there are found, none there is a reason to skip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tideway-pg-bin-'));
  try {
    assert.match((findPostgresBinaries({ TIDEWAY_TEST_PG_BIN: dir, PATH: process.env.PATH }) as { missing: string }).missing, /not found/);
    for (const name of ['initdb', 'postgres']) writeFileSync(path.join(dir, name), '');
    assert.deepEqual(findPostgresBinaries({ TIDEWAY_TEST_PG_BIN: dir }), {
      initdb: path.join(dir, 'initdb'),
      postgres: path.join(dir, 'postgres'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
