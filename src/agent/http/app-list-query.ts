import type { Context } from 'hono';
import { ValidationError } from '../../core/errors.js';
import type { HealthCode } from '../../core/health/health-status.js';
import { healthCodes, syncStatusCodes } from '../../store/vocabulary.js';
import type { SyncStatusCode } from '../../store/store.js';
import type { AppQuery } from '../app-query.js';
import { queryInt } from './request-input.js';

/** Most apps one page may hold. */
export const maxPageSize = 1000;

/** A filter given as repeated parameters or a comma list: `?health=Healthy&health=Degraded` or `?health=Healthy,Degraded`. */
function listParam(c: Context, name: string): string[] | undefined {
  const values = (c.req.queries(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length > 100) throw new ValidationError(name, 'at most 100 values');
  for (const v of values) if (v.length > 253) throw new ValidationError(name, 'values are at most 253 characters');
  return values.length > 0 ? values : undefined;
}

function oneOf<T extends string>(name: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  for (const v of values ?? [])
    if (!(allowed as readonly string[]).includes(v))
      throw new ValidationError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v.slice(0, 40))}`);
  return values as T[] | undefined;
}

/**
 * `GET /api/v1/apps?search=&health=&sync=&cluster=&namespace=&label=&offset=&limit=`: the filters of
 * the dashboard's list. Without `limit` every matching app is returned (the CLI's `tideway status`).
 */
export function parseAppListQuery(c: Context): { query: AppQuery; paged: boolean } {
  const search = c.req.query('search');
  if (search !== undefined && search.length > 253) throw new ValidationError('search', 'at most 253 characters');
  const limit = queryInt(c, 'limit', 1, maxPageSize);
  const offset = queryInt(c, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const query: AppQuery = {
    search,
    health: oneOf<HealthCode>('health', listParam(c, 'health'), healthCodes),
    sync: oneOf<SyncStatusCode>('sync', listParam(c, 'sync'), syncStatusCodes),
    cluster: listParam(c, 'cluster'),
    namespace: listParam(c, 'namespace'),
    label: listParam(c, 'label'),
    offset,
    limit,
  };
  return { query, paged: limit !== undefined || offset !== undefined };
}
