import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { Manifest } from '../model/manifest.js';
import { type AdoptPolicy, decideOwnership, type OwnershipDecision } from './adopt-decision.js';

const cases = parse(readFileSync(new URL('./testdata/ownership.yaml', import.meta.url), 'utf8')) as Array<{
  name: string;
  live: Manifest | null;
  policy: AdoptPolicy;
  decision: OwnershipDecision;
}>;

describe('who may apply to an object that already exists', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(decideOwnership(c.live ?? undefined, 'shop', c.policy), c.decision));
});
