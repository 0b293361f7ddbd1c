/**
 * Argo CD's Lua health checks as health table entries. A script receives the live object as `obj`
 * and returns `{status = "...", message = "..."}`, as in Argo CD: a status outside the health
 * vocabulary is Unknown ("Lua returned an invalid health status"); `nil` (no opinion) falls back to
 * the check the base table has for that kind, else the generic one; an error, or a run stopped by a
 * limit, is Unknown with a message naming the script.
 */
import type { HealthCheck, HealthCheckEntry, HealthTable } from '../../core/health/health-check.js';
import { findHealthCheck } from '../../core/health/health-of.js';
import { genericHealth } from '../../core/health/health-generic.js';
import type { HealthCode, HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import { HealthCheckLoadError } from './health-check-load-error.js';
import { DEFAULT_LUA_LIMITS, LuaRunError, LuaVm, type LuaLimits } from './lua-vm.js';
import type { LuaHealthScript } from './lua-health-script.js';

/** "script:12: message" (Lua's form, with the chunk name every script is compiled under) as "line 12: message". */
function lineOf(message: string): string {
  return message.replace(/^script:(\d+):/, 'line $1:');
}

const codes: readonly HealthCode[] = ['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded'];

export interface LuaHealthChecks {
  entries: HealthCheckEntry[];
  /** Frees the Lua state. */
  close(): void;
}

/**
 * Compiles every script into one sandboxed Lua state. A script that does not compile throws (with
 * its source and line) so a user learns of it when the checks load, not on the first object.
 */
export async function createLuaHealthChecks(
  scripts: readonly LuaHealthScript[],
  options: { fallback?: HealthTable; limits?: Partial<LuaLimits> } = {},
): Promise<LuaHealthChecks> {
  const vm = await LuaVm.create({ ...DEFAULT_LUA_LIMITS, ...options.limits });
  const fallback = options.fallback ?? new Map();
  try {
    const entries = scripts.map(({ group, kind, source, script }): HealthCheckEntry => {
      let compiled: ReturnType<LuaVm['compile']>;
      try {
        compiled = vm.compile(script, 'script');
      } catch (err) {
        throw new HealthCheckLoadError(source, `Lua: ${lineOf((err as Error).message)}`);
      }
      const check: HealthCheck = (object: Manifest): HealthStatus => {
        let result: ReturnType<LuaVm['run']>;
        try {
          result = vm.run(compiled, object);
        } catch (err) {
          const what = err instanceof LuaRunError && err.limit ? 'stopped' : 'failed';
          return { status: 'Unknown', message: `Lua health check ${source} ${what}: ${lineOf((err as Error).message)}` };
        }
        if (result.kind === 'nil') return (findHealthCheck(fallback, group, kind) ?? genericHealth)(object);
        if (result.kind === 'other')
          return { status: 'Unknown', message: `Lua health check ${source} returned a ${result.type}, not a table` };
        if (!codes.includes(result.status as HealthCode)) return { status: 'Unknown', message: 'Lua returned an invalid health status' };
        const message =
          result.message === undefined ? undefined : typeof result.message === 'string' ? result.message : String(result.message);
        return message === undefined ? { status: result.status as HealthCode } : { status: result.status as HealthCode, message };
      };
      return { group, kind, check };
    });
    return { entries, close: () => vm.close() };
  } catch (err) {
    vm.close();
    throw err;
  }
}
