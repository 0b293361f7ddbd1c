import { stat } from 'node:fs/promises';
import type { Manifest } from '../../core/model/manifest.js';
import { refOf, type ObjectRef } from '../../core/model/object-ref.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
import type { ApplyOptions } from '../target.js';
import type { FileManager } from './file-manager.js';
import type { FileRecords } from './file-records.js';
import { HostNotAllowedError, UnsafeHostPathError, messageOf, reasonOf } from './host-errors.js';
import { serviceGuardProblems, type ServiceGuardOptions } from './service-guards.js';
import { HOST_GROUP, type ResolvedHostObject, type ResolvedService } from './host-kinds.js';
import { resolveHostPath } from './host-path.js';
import { sha256, specHash } from './spec-hash.js';
import type { Supervisor } from './supervisor.js';
import { describeErrors, validateHostObject } from './validate.js';

/** The parts of a host target that apply, prune, diff and getLive work on. */
export interface HostParts {
  realRoot: string;
  files: FileManager;
  records: FileRecords;
  supervisor: Supervisor;
  /** What Services may do beyond the defaults (loader variables, remote probes). */
  guards?: ServiceGuardOptions;
}

export function isHostRef(ref: ObjectRef): boolean {
  return ref.group === HOST_GROUP && (ref.kind === 'File' || ref.kind === 'Service');
}

/**
 * A Service's spec plus the content hashes of its `restartOn` Files: a change in either restarts it.
 * `pending` holds the hashes of Files being applied in the same call (so a dry run sees them too).
 */
export function effectiveServiceHash(service: ResolvedService, records: FileRecords, pending?: ReadonlyMap<string, string>): string {
  const files = service.restartOn.map((name) => [name, pending?.get(name) ?? records.get(name)?.hash ?? null]);
  return specHash({ spec: service, restartOn: files });
}

/** Content hashes of the valid Files among `resolved`. */
export function pendingFileHashes(resolved: Resolved[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const item of resolved) if (item.value.kind === 'File') hashes.set(item.value.name, sha256(item.value.content));
  return hashes;
}

export type Resolved = { index: number; object: Manifest; ref: ObjectRef; value: ResolvedHostObject };

/** Validates each object; the invalid and foreign ones become failed entries. */
export function resolveObjects(objects: Manifest[]): { resolved: Resolved[]; failed: Map<number, ChangeSetEntry> } {
  const resolved: Resolved[] = [];
  const failed = new Map<number, ChangeSetEntry>();
  for (const [index, object] of objects.entries()) {
    const ref = refOf(object);
    if (!isHostRef(ref)) {
      failed.set(index, {
        ref,
        action: 'failed',
        reason: 'UnknownKind',
        message: `${object.apiVersion} ${object.kind} cannot be applied to the host (only ${HOST_GROUP} File and Service)`,
      });
      continue;
    }
    const result = validateHostObject(object);
    if (result.ok) resolved.push({ index, object, ref, value: result.value });
    else
      failed.set(index, {
        ref,
        action: 'failed',
        reason: 'Invalid',
        message: `${object.kind}/${object.metadata.name}: ${describeErrors(result.errors)}`,
      });
  }
  return { resolved, failed };
}

async function checkWorkingDir(realRoot: string, service: ResolvedService): Promise<void> {
  const dir = await resolveHostPath(realRoot, service.workingDir, 'spec.workingDir');
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UnsafeHostPathError('spec.workingDir', `${service.workingDir || '.'} is not an existing directory`);
}

/**
 * Applies host objects: Files first (so Services find their configuration), then Services. Each object's
 * outcome is an entry; a File whose content changed restarts (rolling) every Service naming it in `restartOn`.
 */
export async function applyHostObjects(
  parts: HostParts,
  app: string,
  objects: Manifest[],
  options: ApplyOptions,
): Promise<ChangeSetEntry[]> {
  const dryRun = options.dryRun ?? false;
  const { resolved, failed } = resolveObjects(objects);
  const entries = new Map<number, ChangeSetEntry>(failed);
  const changedFiles = new Set<string>();
  for (const item of resolved) {
    if (item.value.kind !== 'File') continue;
    try {
      const outcome = await parts.files.apply(app, item.value, item.object, dryRun, options.adopt);
      if (outcome.contentChanged) changedFiles.add(item.value.name);
      entries.set(item.index, { ref: item.ref, action: outcome.action, ...(outcome.message ? { message: outcome.message } : {}) });
    } catch (error) {
      entries.set(item.index, {
        ref: item.ref,
        action: 'failed',
        reason: reasonOf(error),
        message: `File/${item.value.name}: ${messageOf(error)}`,
      });
    }
  }
  const applied = new Set<string>();
  const pending = pendingFileHashes(resolved.filter((item) => entries.get(item.index)?.action !== 'failed'));
  for (const item of resolved) {
    if (item.value.kind !== 'Service') continue;
    const service = item.value;
    try {
      const refused = serviceGuardProblems(service, parts.guards ?? {});
      if (refused.length > 0) throw new HostNotAllowedError(refused.join('; '));
      await checkWorkingDir(parts.realRoot, service);
      const hash = effectiveServiceHash(service, parts.records, pending);
      const meta = { labels: item.object.metadata.labels, annotations: item.object.metadata.annotations };
      const before = parts.supervisor.get(service.name);
      const sameSpec = before !== undefined && specHash(before.service) === specHash(service);
      const action = parts.supervisor.ensure(app, service, hash, meta, dryRun, options.adopt);
      applied.add(service.name);
      const byFile = action === 'configured' && sameSpec;
      entries.set(item.index, { ref: item.ref, action, ...(byFile ? { message: 'rolling restart: a restartOn File changed' } : {}) });
    } catch (error) {
      entries.set(item.index, {
        ref: item.ref,
        action: 'failed',
        reason: reasonOf(error),
        message: `Service/${service.name}: ${messageOf(error)}`,
      });
    }
  }
  if (!dryRun && changedFiles.size > 0) restartDependents(parts, changedFiles, applied);
  return objects.map((_, index) => entries.get(index)!);
}

/** Rolls every supervised Service (not just applied) whose `restartOn` names a changed File. */
function restartDependents(parts: HostParts, changedFiles: Set<string>, skip: Set<string>): void {
  for (const name of parts.supervisor.names()) {
    if (skip.has(name)) continue;
    const runtime = parts.supervisor.get(name)!;
    if (!runtime.service.restartOn.some((file) => changedFiles.has(file))) continue;
    parts.supervisor.ensure(runtime.app, runtime.service, effectiveServiceHash(runtime.service, parts.records), runtime.meta, false);
  }
}
