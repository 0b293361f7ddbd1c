/**
 * The agent's own health checks (`--health-checks PATH`, `tideway health --checks PATH`): Argo CD Lua
 * scripts and Flux-style CEL expressions, read from the same files and directories. Lua scripts come
 * from argocd-cm ConfigMaps and `<group>/<kind>/health.lua` files; CEL checks from documents with a
 * `healthCheckExprs` list (health-checks/cel/load-cel-checks.ts). Where both name the same kind, the
 * CEL check is used.
 */
import type { HealthCheckEntry, HealthTable } from '../core/health/health-check.js';
import { celHealthChecks, loadCelHealthChecks } from './cel/index.js';
import { HealthCheckLoadError } from './lua/health-check-load-error.js';

export interface LoadedHealthChecks {
  entries: HealthCheckEntry[];
  /** How many checks of each language were read. */
  counts: { lua: number; cel: number };
  /** Frees the Lua state (when there were Lua scripts). */
  close(): void;
}

/** Loads and compiles every check under `paths`; throws HealthCheckLoadError (or CelCompileError) naming the file. */
export async function loadHealthChecks(paths: readonly string[], fallback: HealthTable): Promise<LoadedHealthChecks> {
  const celFiles = paths.flatMap((p) => loadCelHealthChecks(p));
  const cel = celFiles.flatMap((f) => {
    try {
      return celHealthChecks(f.exprs, { source: f.source });
    } catch (err) {
      const file = f.file;
      const message = (err as Error).message;
      throw new HealthCheckLoadError(file, message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
    }
  });
  const { loadLuaHealthScripts, createLuaHealthChecks } = await import('./lua/index.js');
  const scripts = paths.flatMap((p) => loadLuaHealthScripts(p));
  const lua = scripts.length ? await createLuaHealthChecks(scripts, { fallback }) : undefined;
  return {
    entries: [...(lua?.entries ?? []), ...cel],
    counts: { lua: scripts.length, cel: cel.length },
    close: () => lua?.close(),
  };
}
