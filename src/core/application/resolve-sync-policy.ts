import type { ResolvedApplication } from './application.js';
import { AUTOMATED_FIELDS, fieldNames, RETRY_FIELDS, SYNC_POLICY_FIELDS, type ObjectFieldSpec } from './application-fields.js';
import { checkBoolean, checkMapping, checkNumber, checkString, type Mapping } from './field-checks.js';
import { parseDuration } from './parse-duration.js';
import { DEFAULT_SYNC_OPTIONS, parseSyncOptions } from './parse-sync-options.js';
import type { ValidationProblems } from './validation-problems.js';

type Retry = ResolvedApplication['syncPolicy']['retry'];

export const DEFAULT_RETRY: Readonly<Retry> = { limit: 5, durationMs: 5000, factor: 2, maxDurationMs: 180_000 };

const FIELD = 'spec.syncPolicy';
const BACKOFF_FIELDS = RETRY_FIELDS.fields.backoff as ObjectFieldSpec;

/**
 * Validates `spec.syncPolicy`. `automated: {}` turns automated sync on (prune, selfHeal and allowEmpty
 * default to false); an empty `automated:` (null) is refused as ambiguous.
 */
export function resolveSyncPolicy(value: unknown, problems: ValidationProblems): ResolvedApplication['syncPolicy'] | undefined {
  const manual = { automated: false, prune: false, selfHeal: false, allowEmpty: false };
  if (value === undefined || value === null) return { ...manual, options: { ...DEFAULT_SYNC_OPTIONS }, retry: { ...DEFAULT_RETRY } };
  const policy = checkMapping(value, FIELD, fieldNames(SYNC_POLICY_FIELDS), problems);
  if (!policy) return undefined;
  const before = problems.errors.length;

  let automation = manual;
  if ('automated' in policy) {
    const field = `${FIELD}.automated`;
    if (policy.automated === null) problems.add(field, 'is empty (write "automated: {}" to turn automated sync on)');
    const automated = policy.automated === null ? undefined : checkMapping(policy.automated, field, fieldNames(AUTOMATED_FIELDS), problems);
    if (automated) {
      automation = {
        automated: true,
        prune: checkBoolean(automated, 'prune', field, problems) ?? false,
        selfHeal: checkBoolean(automated, 'selfHeal', field, problems) ?? false,
        allowEmpty: checkBoolean(automated, 'allowEmpty', field, problems) ?? false,
      };
    }
  }
  const options = problems.attempt(() => parseSyncOptions(policy.syncOptions, `${FIELD}.syncOptions`));
  const retry = resolveRetry(policy, problems);
  if (problems.errors.length > before || !options || !retry) return undefined;
  return { ...automation, options, retry };
}

function resolveRetry(policy: Mapping, problems: ValidationProblems): Retry | undefined {
  if (policy.retry === undefined || policy.retry === null) return { ...DEFAULT_RETRY };
  const field = `${FIELD}.retry`;
  const retry = checkMapping(policy.retry, field, fieldNames(RETRY_FIELDS), problems);
  if (!retry) return undefined;
  const limit = checkNumber(retry, 'limit', field, problems, { integer: true, min: 0 }) ?? DEFAULT_RETRY.limit;
  if (retry.backoff === undefined || retry.backoff === null) return { ...DEFAULT_RETRY, limit };

  const backoffField = `${field}.backoff`;
  const backoff = checkMapping(retry.backoff, backoffField, fieldNames(BACKOFF_FIELDS), problems);
  if (!backoff) return undefined;
  const durationMs = backoffDuration(backoff, 'duration', backoffField, problems) ?? DEFAULT_RETRY.durationMs;
  const maxDurationMs = backoffDuration(backoff, 'maxDuration', backoffField, problems) ?? DEFAULT_RETRY.maxDurationMs;
  const factor = checkNumber(backoff, 'factor', backoffField, problems, { min: 1 }) ?? DEFAULT_RETRY.factor;
  if (maxDurationMs < durationMs) {
    problems.add(`${backoffField}.maxDuration`, `must not be shorter than duration (${maxDurationMs}ms < ${durationMs}ms)`);
  }
  return { limit, durationMs, factor, maxDurationMs };
}

function backoffDuration(backoff: Mapping, key: string, parent: string, problems: ValidationProblems): number | undefined {
  const text = checkString(backoff, key, parent, problems);
  if (text === undefined) return undefined;
  const ms = problems.attempt(() => parseDuration(text, `${parent}.${key}`));
  if (ms === 0) problems.add(`${parent}.${key}`, 'must be longer than 0');
  return ms;
}
