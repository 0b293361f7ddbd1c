import { readFile } from 'node:fs/promises';
import type { Manifest } from '../../core/model/manifest.js';
import type { DiffEntry } from '../../core/sync/change-set.js';
import { formatMode } from './file-observe.js';
import { effectiveServiceHash, pendingFileHashes, resolveObjects, type HostParts } from './host-apply.js';
import { unifiedDiff } from '../../core/diff/unified-diff.js';
import { maskEnv, maskFileViews, type FileView } from './host-diff.js';
import { messageOf, reasonOf } from './host-errors.js';
import { MAX_FILE_CONTENT_BYTES, type ResolvedFile, type ResolvedService } from './host-kinds.js';
import { resolveHostPath } from './host-path.js';
import { FileObserver } from './file-observe.js';

async function diffFile(parts: HostParts, app: string, file: ResolvedFile, base: Pick<DiffEntry, 'ref'>): Promise<DiffEntry> {
  const record = parts.records.get(file.name);
  const desired: FileView = { path: file.path, mode: formatMode(file.mode)!, content: file.content };
  if (record && record.app !== app) {
    return { ...base, change: 'update', diff: '', reason: 'NotOwned', message: `File/${file.name} is owned by app '${record.app}'` };
  }
  let abs: string;
  try {
    abs = await resolveHostPath(parts.realRoot, file.path, 'spec.path');
  } catch (error) {
    return {
      ...base,
      change: record ? 'update' : 'create',
      diff: '',
      reason: reasonOf(error),
      message: `File/${file.name}: ${messageOf(error)}`,
    };
  }
  const seen = await new FileObserver().observe(abs);
  let live: FileView | undefined;
  if (seen.exists) {
    const content = seen.regular && (seen.size ?? 0) <= MAX_FILE_CONTENT_BYTES ? await readFile(abs, 'utf8') : '(not a regular file)';
    live = { path: file.path, mode: formatMode(seen.mode) ?? '', content };
  }
  const [shownLive, shownDesired] = maskFileViews(live, desired, seen.mode, file.mode);
  const diff = unifiedDiff(`File/${file.name}`, shownLive, shownDesired);
  if (!record) {
    const message = seen.exists ? `${file.path} exists but was not written by Tideway` : undefined;
    return { ...base, change: 'create', diff, ...(message ? { message } : {}) };
  }
  const inSync = live !== undefined && live.content === file.content && seen.mode === file.mode && record.path === file.path;
  return { ...base, change: inSync ? 'none' : 'update', diff: inSync ? '' : diff };
}

function serviceView(service: ResolvedService, env: Record<string, string>) {
  const { kind: _kind, name: _name, ...spec } = service;
  return { ...spec, env };
}

function diffService(
  parts: HostParts,
  app: string,
  service: ResolvedService,
  base: Pick<DiffEntry, 'ref'>,
  pending: Map<string, string>,
): DiffEntry {
  const runtime = parts.supervisor.get(service.name);
  if (runtime && runtime.app !== app) {
    return { ...base, change: 'update', diff: '', reason: 'NotOwned', message: `Service/${service.name} is owned by app '${runtime.app}'` };
  }
  const [liveEnv, desiredEnv] = maskEnv(runtime?.service.env, service.env);
  const diff = unifiedDiff(
    `Service/${service.name}`,
    runtime ? serviceView(runtime.service, liveEnv!) : undefined,
    serviceView(service, desiredEnv),
  );
  if (!runtime) return { ...base, change: 'create', diff };
  if (runtime.specHash === effectiveServiceHash(service, parts.records, pending)) return { ...base, change: 'none', diff: '' };
  return { ...base, change: 'update', diff, ...(diff === '' ? { message: 'a restartOn File changed: the Service restarts' } : {}) };
}

/** Per-object difference between the host and what applying `objects` would give; secrets masked. */
export async function diffHostObjects(parts: HostParts, app: string, objects: Manifest[]): Promise<DiffEntry[]> {
  const { resolved, failed } = resolveObjects(objects);
  const entries = new Map<number, DiffEntry>();
  for (const [index, entry] of failed) {
    entries.set(index, { ref: entry.ref, change: 'none', diff: '', reason: entry.reason, message: entry.message });
  }
  const pending = pendingFileHashes(resolved);
  for (const item of resolved) {
    const base = { ref: item.ref };
    entries.set(
      item.index,
      item.value.kind === 'File' ? await diffFile(parts, app, item.value, base) : diffService(parts, app, item.value, base, pending),
    );
  }
  return objects.map((_, index) => entries.get(index)!);
}
