import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CRD_FILE, renderApplicationCrd } from './crd-yaml.js';

test('the CRD in deploy/ is the one generated from the field table (run `npm run gen:crd` when this fails)', () => {
  assert.equal(readFileSync(CRD_FILE, 'utf8'), renderApplicationCrd());
});
