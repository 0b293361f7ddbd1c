import type { PropagationPolicy } from '../model/propagation-policy.js';
import { ValidationError } from '../errors.js';
import type { SyncOptions } from './application.js';
import { describeType } from './field-checks.js';
import { ValidationErrorList } from './validation-problems.js';

export const DEFAULT_SYNC_OPTIONS: Readonly<SyncOptions> = {
  createNamespace: false,
  pruneLast: false,
  prunePropagationPolicy: 'Foreground',
  force: false,
  adopt: false,
  adoptFrom: [],
  pruneCRDsWithResources: false,
};

const POLICIES: Record<string, PropagationPolicy> = { foreground: 'Foreground', background: 'Background', orphan: 'Orphan' };
const BOOLEAN = ['true', 'false'];
const KNOWN = [
  'CreateNamespace',
  'PruneLast',
  'PrunePropagationPolicy',
  'Force',
  'ServerSideApply',
  'Adopt',
  'AdoptFrom',
  'RespectIgnoreDifferences',
  'PruneCRDsWithResources',
];
const APP_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Parses `syncOptions` (`CreateNamespace=true`, `PruneLast=true`,
 * `PrunePropagationPolicy=foreground|background|orphan`, `Adopt=true` (take over objects other tools
 * or apps manage), `AdoptFrom=APP[,APP]` (take over the objects of those Tideway apps), `RespectIgnoreDifferences=true`
 * (a sync keeps the live values of spec.ignoreDifferences fields),
 * `PruneCRDsWithResources=true` (prune a CRD that left Git even while resources of it remain); `Force=true`
 * and `ServerSideApply=true` are accepted and change nothing: server-side apply is always on, and Git's
 * fields are always taken back from other managers). Unknown options, bad values and an option
 * given twice are refused; all problems are reported at once in a ValidationErrorList.
 */
export function parseSyncOptions(list: unknown, field = 'spec.syncPolicy.syncOptions'): SyncOptions {
  const options: SyncOptions = { ...DEFAULT_SYNC_OPTIONS };
  if (list === undefined || list === null) return options;
  if (!Array.isArray(list))
    throw new ValidationError(field, `must be a list of strings like "CreateNamespace=true" (got ${describeType(list)})`);
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (typeof entry !== 'string') {
      errors.push(new ValidationError(at, `must be a string like "CreateNamespace=true" (got ${describeType(entry)})`));
      return;
    }
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? undefined : entry.slice(eq + 1);
    if (!KNOWN.includes(key) || value === undefined) {
      errors.push(new ValidationError(at, `unknown option ${JSON.stringify(entry)} (known: ${KNOWN.map((k) => `${k}=`).join(', ')})`));
      return;
    }
    if (seen.has(key)) {
      errors.push(new ValidationError(at, `${key} is given more than once`));
      return;
    }
    seen.add(key);
    const problem = applyOption(options, key, value);
    if (problem) errors.push(new ValidationError(at, `${JSON.stringify(entry)}: ${problem}`));
  });
  if (errors.length) throw new ValidationErrorList(errors);
  return options;
}

/** Sets one known option; returns why the value is wrong, if it is. */
function applyOption(options: SyncOptions, key: string, value: string): string | undefined {
  if (key === 'PrunePropagationPolicy') {
    const policy = POLICIES[value];
    if (!policy) return 'use foreground, background or orphan';
    options.prunePropagationPolicy = policy;
    return undefined;
  }
  if (key === 'AdoptFrom') {
    const apps = value.split(',').map((a) => a.trim());
    if (apps.some((a) => !APP_NAME.test(a))) return 'use one or more Application names, separated by commas';
    options.adoptFrom = apps;
    return undefined;
  }
  if (!BOOLEAN.includes(value)) return 'use true or false';
  const on = value === 'true';
  if (key === 'CreateNamespace') options.createNamespace = on;
  else if (key === 'PruneLast') options.pruneLast = on;
  else if (key === 'Force') options.force = on;
  else if (key === 'Adopt') options.adopt = on;
  else if (key === 'RespectIgnoreDifferences') options.respectIgnoreDifferences = on;
  else if (key === 'PruneCRDsWithResources') options.pruneCRDsWithResources = on;
  else if (key === 'ServerSideApply' && !on) return 'server-side apply is always on';
  return undefined;
}
