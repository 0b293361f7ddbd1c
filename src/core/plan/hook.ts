import { TidewayError } from '../errors.js';
import type { Manifest } from '../model/manifest.js';
import { refOf, refString } from '../model/object-ref.js';

/** When a hook runs: before, during or after the sync's waves, when the sync fails, or after the app is deleted. */
export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail' | 'PostDelete';
/** When a hook object is deleted: once it succeeded, once it failed, or just before it is created again (the default). */
export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';

export interface Hook {
  /** Empty for a Helm hook Tideway does not run (test, rollback, pre-delete hooks): never applied. */
  phases: HookPhase[];
  deletePolicies: HookDeletePolicy[];
  /** Set by Helm's `helm.sh/hook` (its weight then orders hooks as a sync wave does). */
  helm: boolean;
}

const HOOK_ANNOTATIONS = ['tideway.dev/hook', 'argocd.argoproj.io/hook'] as const;
const POLICY_ANNOTATIONS = ['tideway.dev/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'] as const;
export const HELM_HOOK = 'helm.sh/hook';
const HELM_POLICY = 'helm.sh/hook-delete-policy';

const PHASES: readonly HookPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete'];
const POLICIES: readonly HookDeletePolicy[] = ['HookSucceeded', 'HookFailed', 'BeforeHookCreation'];

/** Helm's hooks as Argo CD maps them; the others (tests, rollbacks, pre-delete) are hooks that never run. */
const HELM_PHASES: Record<string, HookPhase> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
  'post-delete': 'PostDelete',
};
const HELM_POLICIES: Record<string, HookDeletePolicy> = {
  'hook-succeeded': 'HookSucceeded',
  'hook-failed': 'HookFailed',
  'before-hook-creation': 'BeforeHookCreation',
};

/** What a hook annotation asks for: a hook, `skip` (the object is never applied), or nothing (an ordinary object). */
export type HookReading = { kind: 'hook'; hook: Hook } | { kind: 'skip' } | { kind: 'none' };

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Reads an object's hook annotations: Tideway's, else Argo CD's (same values), else Helm's mapped as
 * Argo CD maps them (`crd-install` is an ordinary object). An unknown phase or policy is refused,
 * naming the object and the annotation.
 */
export function readHook(object: Manifest): HookReading {
  const annotations = object.metadata.annotations ?? {};
  const where = (key: string) => `${refString(refOf(object))}: metadata.annotations["${key}"]`;
  const own = HOOK_ANNOTATIONS.find((k) => annotations[k] !== undefined);
  if (own) {
    const values = list(String(annotations[own]));
    if (values.includes('Skip')) return { kind: 'skip' };
    const phases = values.map((v) => {
      if (!PHASES.includes(v as HookPhase)) {
        throw new TidewayError('InvalidManifest', `${where(own)}: unknown hook ${JSON.stringify(v)} (one of ${PHASES.join(', ')}, Skip)`);
      }
      return v as HookPhase;
    });
    if (phases.length === 0) throw new TidewayError('InvalidManifest', `${where(own)}: names no hook phase`);
    const policyKey = POLICY_ANNOTATIONS.find((k) => annotations[k] !== undefined);
    const policies = policyKey
      ? list(String(annotations[policyKey])).map((v) => {
          if (!POLICIES.includes(v as HookDeletePolicy)) {
            throw new TidewayError(
              'InvalidManifest',
              `${where(policyKey)}: unknown delete policy ${JSON.stringify(v)} (one of ${POLICIES.join(', ')})`,
            );
          }
          return v as HookDeletePolicy;
        })
      : readHelmPolicies(annotations, where);
    return { kind: 'hook', hook: { phases: unique(phases), deletePolicies: withDefault(policies), helm: false } };
  }
  const helm = annotations[HELM_HOOK];
  if (helm === undefined || String(helm).trim() === 'crd-install') return { kind: 'none' };
  const phases = list(String(helm)).flatMap((v) => (HELM_PHASES[v] ? [HELM_PHASES[v]] : []));
  return { kind: 'hook', hook: { phases: unique(phases), deletePolicies: withDefault(readHelmPolicies(annotations, where)), helm: true } };
}

function readHelmPolicies(annotations: Record<string, string>, where: (key: string) => string): HookDeletePolicy[] {
  const value = annotations[HELM_POLICY];
  if (value === undefined) return [];
  return list(String(value)).map((v) => {
    const policy = HELM_POLICIES[v];
    if (!policy) {
      throw new TidewayError(
        'InvalidManifest',
        `${where(HELM_POLICY)}: unknown delete policy ${JSON.stringify(v)} (one of ${Object.keys(HELM_POLICIES).join(', ')})`,
      );
    }
    return policy;
  });
}

/** No policy given means BeforeHookCreation, as in Argo CD and Helm. */
const withDefault = (policies: HookDeletePolicy[]): HookDeletePolicy[] => (policies.length > 0 ? unique(policies) : ['BeforeHookCreation']);
const unique = <T>(values: T[]): T[] => [...new Set(values)];
