/**
 * The host target: GitOps for the files and processes of the machine Tideway runs on.
 * See README.md in this folder.
 */
import { realpath, stat } from 'node:fs/promises';
import { ValidationError } from '../../core/errors.js';
import { DriftEmitter } from './drift-events.js';
import { FileDriftWatch } from './file-drift-watch.js';
import { FileManager } from './file-manager.js';
import { FileRecords } from './file-records.js';
import { HostTarget } from './host-target.js';
import { resolveHostTargetOptions, type HostTargetOptions, type ResolvedHostTargetOptions } from './host-options.js';
import { assertHostRootPrivate, assertNotRoot } from './root-guard.js';
import { ensureStateLayout, stateLayout, type StateLayout } from './state-dir.js';
import { acquireStateLock } from './state-lock.js';
import { Supervisor } from './supervisor.js';

/**
 * Creates a host target: loads what a previous agent recorded (files written, services running), adopts
 * (or restarts) the replicas still alive, and starts watching managed files. Refuses to run as root
 * unless `allowRoot`. Call `close()` when done (`close({ stopServices: true })` also stops the processes).
 */
export async function createHostTarget(input: HostTargetOptions): Promise<HostTarget> {
  const options = resolveHostTargetOptions(input);
  assertNotRoot({ allowRoot: options.allowRoot });
  const rootInfo = await stat(options.hostRoot).catch(() => undefined);
  if (!rootInfo?.isDirectory()) throw new ValidationError('hostRoot', `${options.hostRoot} is not an existing directory`);
  const realRoot = await realpath(options.hostRoot);
  await assertHostRootPrivate(realRoot);
  const layout = stateLayout(options.stateDir);
  await ensureStateLayout(layout);
  const unlock = await acquireStateLock(layout.root);
  try {
    return await openHostTarget(options, realRoot, layout, unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function openHostTarget(
  options: ResolvedHostTargetOptions,
  realRoot: string,
  layout: StateLayout,
  unlock: () => Promise<void>,
): Promise<HostTarget> {
  const { log, clock } = options;
  const drift = new DriftEmitter((error) => log.error({ err: error }, 'drift listener failed'));
  const records = new FileRecords(layout);
  await records.load();
  const files = new FileManager({ realRoot, records, log, clock, drift });
  const supervisor = new Supervisor({
    realRoot,
    layout,
    log,
    clock,
    drift,
    backoff: options.backoff,
    adoptedPollMs: options.adoptedPollMs,
  });
  await supervisor.load(options.adoption);
  const watch = new FileDriftWatch(files, records, { resyncMs: options.fileResyncMs, debounceMs: 5, log });
  watch.start();
  const guards = { allowLoaderEnv: options.allowLoaderEnv, allowRemoteProbes: options.allowRemoteProbes };
  return new HostTarget({ realRoot, files, records, supervisor, guards }, layout, drift, watch, unlock);
}

export { HostTarget } from './host-target.js';
export type { HostTargetOptions } from './host-options.js';
export type { DriftEvent, DriftListener, DriftReason } from './drift-events.js';
export { assertHostRootPrivate, assertNotRoot, RunningAsRootError, SharedHostRootError } from './root-guard.js';
export { resolveFileSources, type ReadRepoFile } from './file-sources.js';
export { fileHealth } from './health-file.js';
export { hostServiceHealth } from './health-service.js';
export { hostHealthChecks } from './host-health-checks.js';
export { validateHostObject, validateFile, validateService } from './validate.js';
export { HOST_API_VERSION, HOST_GROUP, HOST_VERSION, type ResolvedFile, type ResolvedService } from './host-kinds.js';
export type { FileStatus, ServiceStatus, ReplicaStatus } from './live-status.js';
export { REPLACE_EXISTING_ANNOTATION } from './file-manager.js';
