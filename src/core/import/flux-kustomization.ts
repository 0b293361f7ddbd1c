import { APPLICATION_API_VERSION, APPLICATION_KIND, CASCADE_FINALIZER } from '../application/resolve-application.js';
import { isMapping, type Mapping } from '../application/field-checks.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import type { FluxGitSource } from './flux-git-repository.js';
import { importMetadata, loseKeys } from './import-metadata.js';

const IN_KUSTOMIZATION = 'Tideway renders the path as it is in Git: put it in a kustomization.yaml there';

/** Finds the source a Flux object names (`sourceRef`), already converted. */
export type FluxSourceLookup = (kind: string, namespace: string | undefined, name: string) => FluxGitSource | undefined;

/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io v1) and the GitRepository it names as one
 * Tideway Application: automated sync with self-heal (Flux corrects drift at every interval), prune
 * and the cascading-deletion finalizer from `prune` (Flux's default deletion policy), path,
 * targetNamespace, dependsOn, SOPS decryption and suspend. Returns a reason when it cannot be made.
 */
export function importFluxKustomization(input: Mapping, ledger: FieldLedger, lookup: FluxSourceLookup): Mapping | string {
  ledger.carry('apiVersion');
  ledger.carry('kind');
  ledger.ignore('status', 'state Flux observed');
  const metadata = importMetadata(input.metadata, ledger, {
    finalizer: (name) => (name === 'finalizers.fluxcd.io' ? { ignore: 'Flux’s own finalizer' } : undefined),
    annotation: (key) =>
      key.startsWith('reconcile.fluxcd.io/') ? { ignore: 'a one-time Flux request (Tideway’s refresh is tideway.dev/refresh)' } : undefined,
  });
  const spec = isMapping(input.spec) ? input.spec : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;

  const ref = isMapping(spec.sourceRef) ? spec.sourceRef : undefined;
  if (!ref || typeof ref.name !== 'string') return 'spec.sourceRef.name: is required';
  const kind = typeof ref.kind === 'string' ? ref.kind : 'GitRepository';
  if (kind !== 'GitRepository')
    return `spec.sourceRef.kind: ${kind} sources are not imported (Tideway reads Git repositories, Helm repositories and OCI charts)`;
  const refNamespace = typeof ref.namespace === 'string' ? ref.namespace : namespace;
  const git = lookup(kind, refNamespace, ref.name);
  if (!git) return `spec.sourceRef: GitRepository ${refNamespace ? `${refNamespace}/` : ''}${ref.name} is not in the input`;
  for (const key of ['kind', 'name', 'namespace', 'apiVersion']) if (ref[key] !== undefined) ledger.carry(pathOf('spec.sourceRef', key));

  const source: Mapping = { ...git.source };
  if (spec.path !== undefined) {
    source.path = spec.path;
    ledger.carry('spec.path');
  }
  if (isMapping(spec.decryption)) {
    const decryption: Mapping = {};
    if (spec.decryption.provider !== undefined) {
      decryption.provider = spec.decryption.provider;
      ledger.carry('spec.decryption.provider');
    }
    if (isMapping(spec.decryption.secretRef)) {
      decryption.secretRef = { name: spec.decryption.secretRef.name };
      ledger.carry('spec.decryption.secretRef.name');
    }
    source.decryption = decryption;
  }

  const destination: Mapping = {};
  if (spec.targetNamespace !== undefined) {
    destination.namespace = spec.targetNamespace;
    ledger.change(
      'spec.targetNamespace',
      'carried as spec.destination.namespace, which sets the namespace of objects that have none (Flux overrides every object’s)',
    );
  }

  const prune = spec.prune === true;
  if (spec.prune !== undefined) ledger.carry('spec.prune');
  const suspended = spec.suspend === true || git.suspended;
  if (spec.suspend !== undefined) ledger.carry('spec.suspend');
  const syncPolicy: Mapping = suspended ? {} : { automated: { prune, selfHeal: true } };

  let cascade = prune;
  if (spec.deletionPolicy !== undefined) {
    const policy = spec.deletionPolicy;
    if (policy === 'Delete') cascade = true;
    else if (policy === 'Orphan') cascade = false;
    if (policy === 'WaitForTermination')
      ledger.lose('spec.deletionPolicy', 'Tideway deletes the objects (finalizer) without waiting for them to go');
    else ledger.carry('spec.deletionPolicy');
  }
  if (cascade) metadata.finalizers = [...((metadata.finalizers as unknown[] | undefined) ?? []), CASCADE_FINALIZER];

  if (spec.interval !== undefined)
    ledger.change('spec.interval', 'Tideway reconciles each time it polls the repository (spec.source.interval) and self-heals drift');
  if (spec.wait !== undefined) {
    if (spec.wait === true) ledger.carry('spec.wait');
    else ledger.change('spec.wait', 'Tideway always judges the health of every object it applies; dependents wait for Healthy');
  }
  if (spec.healthChecks !== undefined)
    ledger.change(
      'spec.healthChecks',
      'Tideway judges the health of every object the app applies; objects outside the app are not checked',
    );

  const out: Mapping = { source, ...(Object.keys(destination).length > 0 && { destination }), ...(!suspended && { syncPolicy }) };
  if (Array.isArray(spec.dependsOn)) {
    out.dependsOn = spec.dependsOn.map((d: unknown, i) => {
      const at = pathOf('spec.dependsOn', i);
      if (!isMapping(d)) {
        ledger.carry(at);
        return d;
      }
      const copy: Mapping = {};
      for (const key of ['name', 'namespace']) {
        if (d[key] === undefined) continue;
        copy[key] = d[key];
        ledger.carry(pathOf(at, key));
      }
      return copy;
    });
    if (spec.dependsOn.length === 0) ledger.carry('spec.dependsOn');
  }
  if (spec.force === true) ledger.lose('spec.force', 'Tideway does not recreate objects whose immutable fields changed');
  else if (spec.force !== undefined) ledger.carry('spec.force');
  loseKeys(
    spec,
    'spec',
    {
      retryInterval: 'Tideway retries a failed sync with spec.syncPolicy.retry (default: 5 times, from 5s doubling to 3m)',
      timeout: 'Tideway has no per-app timeout',
      healthCheckExprs: 'Tideway’s custom health checks are Lua scripts given to the agent, not CEL per app',
      serviceAccountName: 'Tideway applies with the agent’s own credentials, not by impersonating a ServiceAccount',
      kubeConfig: 'register the cluster as a Secret labelled tideway.dev/secret-type: cluster and set spec.destination.name',
      patches: `${IN_KUSTOMIZATION} (patches)`,
      images: `${IN_KUSTOMIZATION} (images)`,
      components: `${IN_KUSTOMIZATION} (components)`,
      ignoreMissingComponents: `${IN_KUSTOMIZATION} (components)`,
      namePrefix: `${IN_KUSTOMIZATION} (namePrefix)`,
      nameSuffix: `${IN_KUSTOMIZATION} (nameSuffix)`,
      commonMetadata: `${IN_KUSTOMIZATION} (labels and commonAnnotations)`,
      postBuild: 'Tideway does not substitute post-build variables (postBuild.substitute, substituteFrom)',
    },
    ledger,
  );
  return { apiVersion: APPLICATION_API_VERSION, kind: APPLICATION_KIND, metadata, spec: out };
}
