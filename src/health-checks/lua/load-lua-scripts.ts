/**
 * Reads Lua health scripts where Argo CD users keep them:
 * - an `argocd-cm` ConfigMap file: `data."resource.customizations.health.<group>_<kind>"` keys (a
 *   core kind is `_Kind` or `Kind`; `*` wildcards as Argo CD allows: `*.crossplane.io_*`), and the
 *   older `data."resource.customizations"` YAML (`<group>/<kind>: {health.lua: ...}`);
 * - a directory laid out as Argo CD's own `resource_customizations`: `<group>/<kind>/health.lua`,
 *   where `_` is a wildcard (`_.crossplane.io/_/health.lua`) and `core` is the core group; YAML
 *   files at its top are read as ConfigMaps.
 * Input is bounded (file and script sizes, number of scripts); errors name the file and the key.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { HealthCheckLoadError } from './health-check-load-error.js';
import type { LuaHealthScript } from './lua-health-script.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_SCRIPT_BYTES = 256 * 1024;
const MAX_SCRIPTS = 2000;
const HEALTH_KEY = 'resource.customizations.health.';

function readBounded(file: string): string {
  const size = lstatSync(file).size;
  if (size > MAX_FILE_BYTES) throw new HealthCheckLoadError(file, `larger than ${MAX_FILE_BYTES} bytes`);
  return readFileSync(file, 'utf8');
}

/** A group pattern as health tables take it: exact, or `*.suffix`; anything else is refused. */
function groupPattern(file: string, where: string, group: string): string {
  if (group === '') return '';
  if (group === '_' || group === '*') return '*';
  const g = group.replace(/^_\./, '*.');
  if (/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(g)) return g;
  throw new HealthCheckLoadError(file, `${where}: group pattern "${group}" is not supported (use a group, or *.suffix)`);
}

function kindPattern(file: string, where: string, kind: string): string {
  if (kind === '_' || kind === '*') return '*';
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) return kind;
  throw new HealthCheckLoadError(file, `${where}: kind "${kind}" is not a kind or *`);
}

function script(file: string, where: string, group: string, kind: string, text: unknown): LuaHealthScript {
  if (typeof text !== 'string') throw new HealthCheckLoadError(file, `${where}: must be a string holding a Lua script`);
  if (Buffer.byteLength(text) > MAX_SCRIPT_BYTES)
    throw new HealthCheckLoadError(file, `${where}: script larger than ${MAX_SCRIPT_BYTES} bytes`);
  return { group: groupPattern(file, where, group), kind: kindPattern(file, where, kind), script: text, source: `${file}: ${where}` };
}

/** The health scripts of one argocd-cm ConfigMap file (other documents and keys are ignored). */
export function luaScriptsFromConfigMap(file: string, text: string): LuaHealthScript[] {
  const out: LuaHealthScript[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new HealthCheckLoadError(file, `line ${(e.linePos?.[0].line ?? 0) || '?'}: ${e.message.split('\n')[0]}`);
    }
    const cm = doc.toJS({ maxAliasCount: 100 }) as { kind?: unknown; data?: Record<string, unknown> } | null;
    if (!cm || typeof cm !== 'object' || cm.kind !== 'ConfigMap' || typeof cm.data !== 'object' || !cm.data) continue;
    for (const [key, value] of Object.entries(cm.data)) {
      if (key.startsWith(HEALTH_KEY)) {
        const groupKind = key.slice(HEALTH_KEY.length);
        const sep = groupKind.indexOf('_', groupKind.startsWith('_.') ? 2 : 0);
        const [group, kind] = sep < 0 ? ['', groupKind] : [groupKind.slice(0, sep), groupKind.slice(sep + 1)];
        out.push(script(file, `data."${key}"`, group === '' && sep === 0 ? '' : group, kind, value));
      } else if (key === 'resource.customizations' && typeof value === 'string') {
        let legacy: unknown;
        try {
          legacy = parse(value, { maxAliasCount: 100 });
        } catch (err) {
          throw new HealthCheckLoadError(file, `data."resource.customizations": not YAML: ${(err as Error).message.split('\n')[0]}`);
        }
        for (const [groupKind, entry] of Object.entries((legacy as Record<string, unknown>) ?? {})) {
          const lua = (entry as Record<string, unknown> | null)?.['health.lua'];
          if (lua === undefined) continue;
          const slash = groupKind.lastIndexOf('/');
          const where = `data."resource.customizations".${groupKind}`;
          out.push(script(file, where, slash < 0 ? '' : groupKind.slice(0, slash), groupKind.slice(slash + 1), lua));
        }
      }
    }
  }
  return out;
}

/** Every health script under `target`: an argocd-cm file, or a directory (see above). */
export function loadLuaHealthScripts(target: string): LuaHealthScript[] {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(target);
  } catch {
    throw new HealthCheckLoadError(target, 'no such file or directory');
  }
  if (!stat.isDirectory()) return luaScriptsFromConfigMap(target, readBounded(target));
  const out: LuaHealthScript[] = [];
  const entries = readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(...luaScriptsFromConfigMap(full, readBounded(full)));
    if (!entry.isDirectory()) continue;
    for (const kind of readdirSync(full, { withFileTypes: true })) {
      const file = path.join(full, kind.name, 'health.lua');
      if (!kind.isDirectory() || !lstatSync(file, { throwIfNoEntry: false })?.isFile()) continue;
      const group = entry.name === 'core' ? '' : entry.name;
      out.push(script(file, 'health.lua', group, kind.name, readBounded(file)));
      if (out.length > MAX_SCRIPTS) throw new HealthCheckLoadError(target, `more than ${MAX_SCRIPTS} health scripts`);
    }
  }
  return out.map((s) => (s.source.endsWith(': health.lua') ? { ...s, source: s.source.slice(0, -': health.lua'.length) } : s));
}
