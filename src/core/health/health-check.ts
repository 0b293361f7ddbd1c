/** The shape of a health check and of the table that holds them (one interface file, no logic). */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';

/** Judges one object. Must not throw on missing fields; a throw is reported as Unknown. */
export type HealthCheck = (object: Manifest) => HealthStatus;

/**
 * Checks keyed by `group/kind` (the core group is the empty string: `/Pod`). A key may use a
 * wildcard, as Argo CD's resource customizations do: `group/*` for every kind of a group, and
 * `*.suffix/kind` or `*.suffix/*` for every group ending in `.suffix` (`*.crossplane.io/*`), and
 * `*` as the group for any group.
 */
export type HealthTable = ReadonlyMap<string, HealthCheck>;

/**
 * One entry of a table. `check` may be native code, or backed by a script (a Lua or CEL adapter
 * compiles the script once and returns a check like any other).
 */
export interface HealthCheckEntry {
  group: string;
  kind: string;
  check: HealthCheck;
}
