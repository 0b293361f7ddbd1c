import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CRD_FILE, PROJECT_CRD_FILE, renderApplicationCrd, renderProjectCrd } from './crd-yaml.js';

test('the CRD in deploy/ is the one generated from the field table (run `npm run gen:crd` when this fails)', () => {
  assert.equal(readFileSync(CRD_FILE, 'utf8'), renderApplicationCrd());
});

test('the Project CRD in deploy/ is the one generated from the Project field table (run `npm run gen:crd` when this fails)', () => {
  assert.equal(readFileSync(PROJECT_CRD_FILE, 'utf8'), renderProjectCrd());
});
