import { isMapping, type Mapping } from '../application/field-checks.js';
import { pathOf, type FieldLedger } from './field-ledger.js';

/** ObjectMeta fields the API server writes: nothing to carry over. */
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface MetadataRules {
  /** What a finalizer becomes: a string (kept or renamed) or a reason it is lost; undefined keeps it as it is. */
  finalizer?: (name: string) => { to: string; change?: string } | { ignore: string } | { lose: string } | undefined;
  /** What an annotation becomes: undefined keeps it, otherwise why it is not carried. */
  annotation?: (key: string) => { ignore: string } | { lose: string } | undefined;
}

/**
 * The metadata of an imported object: name, namespace, labels and (kept) annotations are carried,
 * finalizers as `rules` say, what the API server writes is ignored, and `ownerReferences` are lost
 * (the owner is another tool's object).
 */
export function importMetadata(value: unknown, ledger: FieldLedger, rules: MetadataRules = {}): Mapping {
  const out: Mapping = {};
  if (!isMapping(value)) return out;
  for (const key of ['name', 'namespace', 'labels']) {
    if (value[key] === undefined) continue;
    out[key] = value[key];
    ledger.carry(pathOf('metadata', key));
  }
  for (const key of SERVER_FIELDS) if (value[key] !== undefined) ledger.ignore(pathOf('metadata', key), 'written by the API server');
  if (value.ownerReferences !== undefined)
    ledger.lose('metadata.ownerReferences', 'the owner is an object of the other tool (an ApplicationSet?); Tideway does not know it');

  if (isMapping(value.annotations)) {
    const annotations: Mapping = {};
    for (const [key, v] of Object.entries(value.annotations)) {
      const at = pathOf('metadata.annotations', key);
      const rule = key === LAST_APPLIED ? { ignore: 'written by kubectl apply' } : rules.annotation?.(key);
      if (!rule) {
        annotations[key] = v;
        ledger.carry(at);
      } else if ('ignore' in rule) ledger.ignore(at, rule.ignore);
      else ledger.lose(at, rule.lose);
    }
    if (Object.keys(annotations).length > 0) out.annotations = annotations;
    if (Object.keys(value.annotations).length === 0) ledger.carry('metadata.annotations');
  } else if (value.annotations !== undefined) {
    out.annotations = value.annotations;
    ledger.carry('metadata.annotations');
  }

  if (Array.isArray(value.finalizers)) {
    const finalizers: unknown[] = [];
    value.finalizers.forEach((f: unknown, i) => {
      const at = pathOf('metadata.finalizers', i);
      const rule = typeof f === 'string' ? rules.finalizer?.(f) : undefined;
      if (!rule) {
        finalizers.push(f);
        ledger.carry(at);
      } else if ('to' in rule) {
        if (!finalizers.includes(rule.to)) finalizers.push(rule.to);
        if (rule.change) ledger.change(at, rule.change);
        else ledger.carry(at);
      } else if ('ignore' in rule) ledger.ignore(at, rule.ignore);
      else ledger.lose(at, rule.lose);
    });
    if (finalizers.length > 0) out.finalizers = finalizers;
    if (value.finalizers.length === 0) ledger.carry('metadata.finalizers');
  } else if (value.finalizers !== undefined) {
    out.finalizers = value.finalizers;
    ledger.carry('metadata.finalizers');
  }
  return out;
}

/** Copies `keys` of `from` (those present) into `to`, marking each carried under `path`. */
export function carryKeys(from: Mapping, path: string, to: Mapping, keys: readonly string[], ledger: FieldLedger): void {
  ledger.visit(path);
  for (const key of keys) {
    if (from[key] === undefined) continue;
    to[key] = from[key];
    ledger.carry(pathOf(path, key));
  }
}

/** Marks each of `keys` present in `from` as lost under `path`, with its own reason. */
export function loseKeys(from: Mapping, path: string, reasons: Readonly<Record<string, string>>, ledger: FieldLedger): void {
  ledger.visit(path);
  for (const [key, reason] of Object.entries(reasons)) if (from[key] !== undefined) ledger.lose(pathOf(path, key), reason);
}
