import { parseDuration } from '../../core/application/parse-duration.js';
import { checkLeaseTimings, defaultLeaseTimings, type LeaseTimings } from '../../core/shards/index.js';
import { defaultReplicaId, type ShardingOptions } from '../../agent/shards/agent-sharding.js';
import { UsageError } from '../usage-error.js';

interface ShardingFlags {
  shards?: string;
  'replica-id'?: string;
  'lease-duration'?: string;
  'renew-deadline'?: string;
  'retry-period'?: string;
  'advertise-url'?: string;
}

/** `--shards` and its Lease flags, resolved and checked; undefined without `--shards`. */
export function shardingFrom(values: ShardingFlags, env: NodeJS.ProcessEnv): ShardingOptions | undefined {
  const usage = (message: string) => new UsageError(message, { command: 'agent' });
  if (values.shards === undefined) {
    for (const flag of ['replica-id', 'lease-duration', 'renew-deadline', 'retry-period', 'advertise-url'] as const)
      if (values[flag] !== undefined) throw usage(`--${flag}: only with --shards N`);
    return undefined;
  }
  const count = /^\d+$/.test(values.shards) ? Number(values.shards) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw usage(`--shards: must be a whole number from 1 to 1024, got ${JSON.stringify(values.shards)}`);
  const duration = (flag: 'lease-duration' | 'renew-deadline' | 'retry-period', fallback: number) => {
    const text = values[flag];
    if (text === undefined) return fallback;
    try {
      return parseDuration(text, `--${flag}`);
    } catch (error) {
      throw usage((error as Error).message);
    }
  };
  const timings: LeaseTimings = {
    leaseDurationMs: duration('lease-duration', defaultLeaseTimings.leaseDurationMs),
    renewDeadlineMs: duration('renew-deadline', defaultLeaseTimings.renewDeadlineMs),
    retryPeriodMs: duration('retry-period', defaultLeaseTimings.retryPeriodMs),
  };
  const problem = checkLeaseTimings(timings);
  if (problem) throw usage(`--lease-duration/--renew-deadline/--retry-period: ${problem}`);
  const replicaId = values['replica-id'] ?? defaultReplicaId(env);
  if (!replicaId || replicaId.length > 128) throw usage('--replica-id: must be 1 to 128 characters');
  const advertiseUrl = values['advertise-url'];
  if (advertiseUrl !== undefined && !/^https?:\/\/[^/\s?#]+\/?$/.test(advertiseUrl))
    throw usage(`--advertise-url: must be http(s)://host:port with no path, got ${JSON.stringify(advertiseUrl.slice(0, 200))}`);
  return {
    count,
    replicaId,
    namespace: env.TIDEWAY_NAMESPACE || 'tideway-system',
    timings,
    faultFile: env.TIDEWAY_TEST_LEASE_FAULT_FILE || undefined,
    ...(advertiseUrl !== undefined && { advertiseUrl: advertiseUrl.replace(/\/$/, '') }),
  };
}
