import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import { fileHealth } from './health-file.js';
import { hostServiceHealth } from './health-service.js';
import { builtinHealthChecks, healthOf, withHealthChecks } from '../../core/health/health-of.js';
import { hostHealthChecks } from './host-health-checks.js';

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
      const health = c.kind === 'File' ? fileHealth(c.live ?? undefined) : hostServiceHealth(c.live ?? undefined);
      assert.deepEqual(health, c.expect);
    });
  }
});

test('the core health table judges host objects with the host checks once they are added', () => {
  const table = withHealthChecks(builtinHealthChecks, hostHealthChecks);
  for (const c of cases.filter((x) => x.live)) assert.deepEqual(healthOf(c.live!, table), c.expect, c.name);
});
