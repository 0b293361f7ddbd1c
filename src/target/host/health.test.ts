import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import { fileHealth } from './health-file.js';
import { serviceHealth } from './health-service.js';

interface Case {
  name: string;
  kind: 'File' | 'Service';
  live: Manifest | null;
  expect: HealthStatus;
}

const cases = parse(readFileSync(new URL('./testdata/health-cases.yaml', import.meta.url), 'utf8')) as Case[];

describe('host health', () => {
  for (const c of cases) {
    test(c.name, () => {
      const health = c.kind === 'File' ? fileHealth(c.live ?? undefined) : serviceHealth(c.live ?? undefined);
      assert.deepEqual(health, c.expect);
    });
  }
});
