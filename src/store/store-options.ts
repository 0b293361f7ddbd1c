import type { AuditQuery } from './store.js';
import { StoreError } from './store-error.js';

export interface StoreOptions {
  /** Syncs kept per app; the oldest are dropped on insert. Default 100. */
  historyLimit?: number;
  /** The store's only source of time. Default: the system clock. */
  clock?: () => Date;
}

export interface ResolvedStoreOptions {
  historyLimit: number;
  clock: () => Date;
}

export const defaultHistoryLimit = 100;
export const defaultAuditLimit = 100;
export const maxAuditLimit = 1000;

const systemClock = (): Date => new Date();

export function resolveStoreOptions(options: StoreOptions = {}): ResolvedStoreOptions {
  const historyLimit = options.historyLimit ?? defaultHistoryLimit;
  if (!Number.isInteger(historyLimit) || historyLimit < 1) {
    throw new StoreError(`historyLimit must be a positive integer, got ${String(historyLimit)}`);
  }
  return { historyLimit, clock: options.clock ?? systemClock };
}

export interface ResolvedAuditQuery {
  app?: string;
  limit: number;
  afterId?: number;
}

export function resolveAuditQuery(query: AuditQuery = {}): ResolvedAuditQuery {
  const limit = query.limit ?? defaultAuditLimit;
  if (!Number.isInteger(limit) || limit < 1) throw new StoreError(`listAudit limit must be a positive integer, got ${String(limit)}`);
  if (query.afterId !== undefined && !Number.isInteger(query.afterId)) {
    throw new StoreError(`listAudit afterId must be an integer, got ${String(query.afterId)}`);
  }
  return { app: query.app, limit: Math.min(limit, maxAuditLimit), afterId: query.afterId };
}

/** A history limit asked of listHistory, bounded by what is kept. */
export function resolveHistoryLimit(limit: number | undefined, kept: number): number {
  if (limit === undefined) return kept;
  if (!Number.isInteger(limit) || limit < 1) throw new StoreError(`listHistory limit must be a positive integer, got ${String(limit)}`);
  return Math.min(limit, kept);
}
