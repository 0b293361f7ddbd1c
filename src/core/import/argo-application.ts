import { APPLICATION_API_VERSION, APPLICATION_KIND, CASCADE_FINALIZER } from '../application/resolve-application.js';
import { isMapping, type Mapping } from '../application/field-checks.js';
import { parseSyncOptions } from '../application/parse-sync-options.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import { importArgoSource } from './argo-source.js';
import { carryKeys, importMetadata, loseKeys } from './import-metadata.js';

/** Argo CD's cascading-deletion finalizers (foreground by default, or with a propagation policy). */
const ARGO_FINALIZER = /^resources-finalizer\.argocd\.argoproj\.io(\/(foreground|background))?$/;

/** Sync options Tideway does not have, and why. */
const SYNC_OPTION_REASONS: Record<string, string> = {
  Validate: 'Tideway always applies server-side, where the API server validates',
  ApplyOutOfSyncOnly: 'Tideway applies every object at each sync (unchanged ones are reported unchanged)',
  Replace: 'Tideway always uses server-side apply, never replace',
  SkipDryRunOnMissingResource: 'Tideway has no separate dry run before applying',
  FailOnSharedResource: 'Tideway always refuses objects another app manages (unless Adopt or AdoptFrom)',
  Delete: 'Tideway has no per-app delete confirmation',
  Prune: 'Tideway has no per-app prune confirmation',
};

const ANNOTATION_REASONS: Record<string, { ignore: string } | { lose: string }> = {
  'argocd.argoproj.io/refresh': { ignore: 'a one-time refresh request (Tideway’s is tideway.dev/refresh)' },
  'argocd.argoproj.io/manifest-generate-paths': { lose: 'Tideway refreshes the app on every webhook of its repository' },
  'argocd.argoproj.io/compare-options': { lose: 'Tideway has no compare options' },
};

/**
 * An Argo CD Application (argoproj.io/v1alpha1) as a Tideway Application. Argo CD's field names
 * are Tideway's, so most fields carry over one to one; every field that does not is marked in the
 * ledger with the reason.
 */
export function importArgoApplication(input: Mapping, ledger: FieldLedger): Mapping {
  ledger.carry('apiVersion');
  ledger.carry('kind');
  ledger.ignore('status', 'state Argo CD observed; the Tideway agent writes its own');
  ledger.ignore('operation', 'an Argo CD operation in progress');
  const metadata = importMetadata(input.metadata, ledger, {
    finalizer: (name) => {
      if (name === 'resources-finalizer.argocd.argoproj.io/background')
        return {
          to: CASCADE_FINALIZER,
          change: 'Tideway deletes the objects with spec.syncPolicy PrunePropagationPolicy (default foreground)',
        };
      if (ARGO_FINALIZER.test(name)) return { to: CASCADE_FINALIZER };
      if (name.startsWith('post-delete-finalizer.argocd.argoproj.io')) return { lose: 'Tideway has no post-delete hooks' };
      return undefined;
    },
    annotation: (key) => {
      const rule = ANNOTATION_REASONS[key];
      if (rule) return rule;
      if (key.startsWith('notifications.argoproj.io/')) return { lose: 'Tideway has no notifications controller' };
      if (key !== 'argocd.argoproj.io/sync-wave' && /(^|\.)argoproj\.io\//.test(key))
        return { lose: 'an Argo CD annotation with no meaning to Tideway' };
      return undefined;
    },
  });

  const spec: Mapping = {};
  const given = isMapping(input.spec) ? input.spec : {};
  carryKeys(given, 'spec', spec, ['project'], ledger);
  loseKeys(
    given,
    'spec',
    {
      revisionHistoryLimit: 'Tideway keeps every sync in its store and the last 10 in status; the number is not configurable',
      info: 'Tideway has no free-form app information: keep it as metadata.annotations',
      sourceHydrator: 'Tideway does not hydrate manifests into another branch',
    },
    ledger,
  );
  if (isMapping(given.source)) spec.source = importArgoSource(given.source, 'spec.source', ledger, false);
  if (Array.isArray(given.sources)) spec.sources = importSources(given.sources, ledger);
  if (isMapping(given.destination)) {
    const destination: Mapping = {};
    carryKeys(given.destination, 'spec.destination', destination, ['server', 'name', 'namespace'], ledger);
    if (typeof destination.name === 'string' && destination.name !== 'in-cluster')
      ledger.change(
        'spec.destination.name',
        'register the cluster for Tideway too: a Secret labelled tideway.dev/secret-type: cluster (Argo CD’s label is argocd.argoproj.io/secret-type)',
      );
    if (Object.keys(destination).length > 0) spec.destination = destination;
    else if (Object.keys(given.destination).length === 0) ledger.carry('spec.destination');
  }
  if (isMapping(given.syncPolicy)) {
    const syncPolicy = importSyncPolicy(given.syncPolicy, ledger);
    if (Object.keys(syncPolicy).length > 0) spec.syncPolicy = syncPolicy;
  }
  if (Array.isArray(given.ignoreDifferences)) {
    spec.ignoreDifferences = given.ignoreDifferences.map((rule: unknown, i) => {
      const at = pathOf('spec.ignoreDifferences', i);
      if (!isMapping(rule)) {
        ledger.carry(at);
        return rule;
      }
      const out: Mapping = {};
      const keys = ['group', 'kind', 'name', 'namespace', 'jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'];
      carryKeys(rule, at, out, keys, ledger);
      return out;
    });
    if (given.ignoreDifferences.length === 0) ledger.carry('spec.ignoreDifferences');
  }
  return { apiVersion: APPLICATION_API_VERSION, kind: APPLICATION_KIND, metadata, spec };
}

/**
 * `spec.sources`: Tideway renders one source and reads the others' files through `ref`; a ref
 * source keeps only repoURL, targetRevision and ref, and a second rendering source is lost.
 */
function importSources(sources: unknown[], ledger: FieldLedger): unknown[] {
  const out: unknown[] = [];
  let rendering: number | undefined;
  sources.forEach((src, i) => {
    const at = pathOf('spec.sources', i);
    if (!isMapping(src)) {
      ledger.carry(at);
      out.push(src);
      return;
    }
    if (src.ref !== undefined) {
      const ref: Mapping = {};
      carryKeys(src, at, ref, ['repoURL', 'targetRevision', 'ref'], ledger);
      for (const key of ['path', 'chart', 'helm', 'kustomize', 'directory', 'plugin', 'name'])
        if (src[key] !== undefined)
          ledger.lose(pathOf(at, key), 'a ref source only lends its files to $ref value files in Tideway; it does not render');
      out.push(ref);
    } else if (rendering === undefined) {
      rendering = i;
      out.push(importArgoSource(src, at, ledger, false));
    } else {
      ledger.lose(at, `Tideway renders one source per app (spec.sources[${rendering}] here): make another Application for this one`);
    }
  });
  return out;
}

function importSyncPolicy(policy: Mapping, ledger: FieldLedger): Mapping {
  const out: Mapping = {};
  const at = 'spec.syncPolicy';
  if ('automated' in policy) {
    const automated = policy.automated;
    if (automated === null) ledger.change(pathOf(at, 'automated'), 'empty (null) means manual sync in Argo CD: imported as manual');
    else if (isMapping(automated)) {
      const aAt = pathOf(at, 'automated');
      if (automated.enabled === false) {
        ledger.carry(aAt);
      } else {
        const copy: Mapping = {};
        carryKeys(automated, aAt, copy, ['prune', 'selfHeal', 'allowEmpty'], ledger);
        if (automated.enabled !== undefined) ledger.carry(pathOf(aAt, 'enabled'));
        if (Object.keys(automated).length === 0) ledger.carry(aAt);
        out.automated = copy;
      }
    }
  }
  if (Array.isArray(policy.syncOptions)) {
    const options: unknown[] = [];
    policy.syncOptions.forEach((option: unknown, i) => {
      const oAt = pathOf(pathOf(at, 'syncOptions'), i);
      const name = typeof option === 'string' ? option.split('=')[0]! : '';
      const reason = SYNC_OPTION_REASONS[name];
      if (reason) return ledger.lose(oAt, reason);
      try {
        parseSyncOptions([option]);
      } catch {
        return ledger.lose(oAt, 'a sync option Tideway does not know');
      }
      options.push(option);
      ledger.carry(oAt);
    });
    if (options.length > 0) out.syncOptions = options;
    if (policy.syncOptions.length === 0) ledger.carry(pathOf(at, 'syncOptions'));
  }
  loseKeys(
    policy,
    at,
    {
      managedNamespaceMetadata:
        'Tideway creates the namespace (CreateNamespace=true) without labels or annotations: put a Namespace object in Git',
    },
    ledger,
  );
  if (isMapping(policy.retry)) {
    const rAt = pathOf(at, 'retry');
    const retry: Mapping = {};
    if (typeof policy.retry.limit === 'number' && policy.retry.limit < 0)
      ledger.lose(pathOf(rAt, 'limit'), 'Tideway has no unlimited retries: imported with the default limit (5)');
    else carryKeys(policy.retry, rAt, retry, ['limit'], ledger);
    loseKeys(policy.retry, rAt, { refresh: 'Tideway retries the same revision; it does not refresh between retries' }, ledger);
    if (isMapping(policy.retry.backoff)) {
      const backoff: Mapping = {};
      carryKeys(policy.retry.backoff, pathOf(rAt, 'backoff'), backoff, ['duration', 'factor', 'maxDuration'], ledger);
      // Argo CD reads a bare number as seconds; Tideway wants the unit.
      for (const key of ['duration', 'maxDuration'])
        if (typeof backoff[key] === 'number' || (typeof backoff[key] === 'string' && /^\d+$/.test(backoff[key] as string)))
          backoff[key] = `${String(backoff[key])}s`;
      retry.backoff = backoff;
    }
    out.retry = retry;
  }
  return out;
}
