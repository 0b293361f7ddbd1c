import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import type { Clock } from '../../core/model/clock.js';
import { type Logger, silentLogger } from '../../log/logger.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

/** Options as callers give them. */
export interface HostTargetOptions {
  /** The managed root: nothing is ever written outside it. Must exist. */
  hostRoot: string;
  /** Tideway's own state for this target (records, inventories, logs). Created when missing. */
  stateDir: string;
  /** Allow running as root (the `--allow-root` flag). */
  allowRoot?: boolean;
  /** What to do with processes recorded by a previous agent that are still alive: adopt them (default) or restart them. */
  adoption?: 'adopt' | 'restart';
  log?: Logger;
  clock?: Clock;
  /** Crash-loop backoff (default 0 s, 1 s, 2 s, ... capped at 30 s, reset after 10 s of stable running). */
  backoff?: Partial<BackoffPolicy>;
  /** Safety-net rescan of managed files, besides fs.watch (default 1000 ms). */
  fileResyncMs?: number;
  /** Polling period for processes adopted from a previous agent (default 200 ms). */
  adoptedPollMs?: number;
  /** Let Services set loader/runtime injection variables (LD_PRELOAD, NODE_OPTIONS, ...: service-guards.ts). Default false. */
  allowLoaderEnv?: boolean;
  /** Let readiness probes reach addresses other than loopback. Default false. */
  allowRemoteProbes?: boolean;
}

export interface ResolvedHostTargetOptions {
  hostRoot: string;
  stateDir: string;
  allowRoot: boolean;
  adoption: 'adopt' | 'restart';
  log: Logger;
  clock: Clock;
  backoff: BackoffPolicy;
  fileResyncMs: number;
  adoptedPollMs: number;
  allowLoaderEnv: boolean;
  allowRemoteProbes: boolean;
}

export function resolveHostTargetOptions(options: HostTargetOptions): ResolvedHostTargetOptions {
  if (!options.hostRoot) throw new ValidationError('hostRoot', 'is required');
  if (!options.stateDir) throw new ValidationError('stateDir', 'is required');
  const hostRoot = path.resolve(options.hostRoot);
  const stateDir = path.resolve(options.stateDir);
  const rel = path.relative(hostRoot, stateDir);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new ValidationError('stateDir', 'must not be inside hostRoot (Tideway would manage its own records)');
  }
  return {
    hostRoot,
    stateDir,
    allowLoaderEnv: options.allowLoaderEnv ?? false,
    allowRemoteProbes: options.allowRemoteProbes ?? false,
    allowRoot: options.allowRoot ?? false,
    adoption: options.adoption ?? 'adopt',
    log: options.log ?? silentLogger,
    clock: options.clock ?? (() => new Date()),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    fileResyncMs: options.fileResyncMs ?? 1000,
    adoptedPollMs: options.adoptedPollMs ?? 200,
  };
}
