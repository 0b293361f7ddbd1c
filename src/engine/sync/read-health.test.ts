import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import { refOf } from '../../core/model/object-ref.js';
import { createHostTarget } from '../../target/host/index.js';
import { fileHealth } from '../../target/host/health-file.js';
import { hostServiceHealth } from '../../target/host/health-service.js';
import { tempDirs } from '../../target/host/host-test-support.js';
import type { Target } from '../../target/target.js';
import { readHealth } from './read-health.js';

interface Case {
  name: string;
  kind: 'File' | 'Service';
  live: Manifest | null;
  expect: HealthStatus;
}
const cases = parse(readFileSync(new URL('../../target/host/testdata/health-cases.yaml', import.meta.url), 'utf8')) as Case[];

test("the engine judges host objects with the host target's own health table: every host fixture reads as the host checks say", async () => {
  const dirs = await tempDirs();
  const host = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true });
  try {
    for (const c of cases) {
      const ref = c.live ? refOf(c.live) : { group: 'host.tideway.dev', version: 'v1alpha1', kind: c.kind, name: 'absent' };
      // The real host target's table; live objects as the fixture gives them.
      const target = { healthTable: host.healthTable, getLive: async () => [c.live ?? undefined] } as unknown as Target;
      const report = await readHealth(target, [ref]);
      const direct = c.kind === 'File' ? fileHealth(c.live ?? undefined) : hostServiceHealth(c.live ?? undefined);
      assert.equal(report.objects[0].status, direct.status, c.name);
      if (c.live) assert.equal(report.objects[0].message, direct.message, c.name);
      assert.deepEqual(direct, c.expect, c.name);
    }
  } finally {
    await host.close();
    await dirs.cleanup();
  }
});
