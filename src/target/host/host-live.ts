import type { Manifest } from '../../core/model/manifest.js';
import { HOST_API_VERSION } from './host-kinds.js';
import type { FileObservation } from './file-observe.js';
import { formatMode } from './file-observe.js';
import type { FileRecord } from './file-records.js';
import type { FileStatus } from './live-status.js';
import type { ServiceRuntime } from './service-runtime.js';

function metadata(name: string, labels?: Record<string, string>, annotations?: Record<string, string>) {
  return { name, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
}

/** A live File: the spec Tideway wrote (content by hash) and what is on disk now. */
export function liveFile(record: FileRecord, seen: FileObservation): Manifest {
  const status: FileStatus = {
    app: record.app,
    path: record.path,
    exists: seen.exists,
    regular: seen.regular,
    desiredHash: record.hash,
    desiredMode: formatMode(record.mode)!,
    inSync: seen.exists && seen.regular && seen.hash === record.hash && seen.mode === record.mode,
  };
  if (seen.hash) status.contentHash = seen.hash;
  if (seen.mode !== undefined) status.mode = formatMode(seen.mode);
  return {
    apiVersion: HOST_API_VERSION,
    kind: 'File',
    metadata: metadata(record.name, record.labels, record.annotations),
    spec: { path: record.path, mode: formatMode(record.mode), contentHash: record.hash },
    status,
  };
}

/** A live Service: its spec and the state of its replicas (pids, readiness, restarts, conditions). */
export function liveService(runtime: ServiceRuntime): Manifest {
  const { kind: _kind, name: _name, ...spec } = runtime.service;
  return {
    apiVersion: HOST_API_VERSION,
    kind: 'Service',
    metadata: metadata(runtime.name, runtime.meta.labels, runtime.meta.annotations),
    spec: { ...spec },
    status: runtime.status(),
  };
}
