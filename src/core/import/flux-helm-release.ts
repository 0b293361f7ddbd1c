import { APPLICATION_API_VERSION, APPLICATION_KIND, CASCADE_FINALIZER } from '../application/resolve-application.js';
import { isMapping, type Mapping } from '../application/field-checks.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import type { FluxSourceLookup } from './flux-kustomization.js';
import { importMetadata, loseKeys } from './import-metadata.js';

const NO_HELM_RELEASES =
  'Tideway renders the chart and applies its objects (with hooks); it keeps no Helm release, so there is no Helm install/upgrade/rollback to tune';

/**
 * A Flux HelmRelease (helm.toolkit.fluxcd.io v2) and the source it names (a HelmRepository or
 * GitRepository through `chart.spec`, or an OCIRepository through `chartRef`) as a Tideway
 * Application with a Helm source: chart, version, values, values files, release name (Flux's default
 * `[targetNamespace-]name`), namespace, CRD policy; automated with prune (Helm removes what left the
 * chart), self-heal when drift detection is enabled, and the cascading finalizer (Flux uninstalls).
 */
export function importFluxHelmRelease(input: Mapping, ledger: FieldLedger, lookup: FluxSourceLookup): Mapping | string {
  ledger.carry('apiVersion');
  ledger.carry('kind');
  ledger.ignore('status', 'state Flux observed');
  const metadata = importMetadata(input.metadata, ledger, {
    finalizer: (name) => (name === 'finalizers.fluxcd.io' ? { ignore: 'Flux’s own finalizer' } : undefined),
    annotation: (key) => (key.startsWith('reconcile.fluxcd.io/') ? { ignore: 'a one-time Flux request' } : undefined),
  });
  const spec = isMapping(input.spec) ? input.spec : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const helm: Mapping = {};

  let source: Mapping;
  const chartSpec = isMapping(spec.chart) && isMapping(spec.chart.spec) ? spec.chart.spec : undefined;
  if (chartSpec) {
    const ref = isMapping(chartSpec.sourceRef) ? chartSpec.sourceRef : undefined;
    if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string')
      return 'spec.chart.spec.sourceRef: kind and name are required';
    if (ref.kind !== 'HelmRepository' && ref.kind !== 'GitRepository')
      return `spec.chart.spec.sourceRef.kind: ${ref.kind} sources are not imported (Tideway reads Helm repositories, OCI registries and Git)`;
    const refNamespace = typeof ref.namespace === 'string' ? ref.namespace : namespace;
    const found = lookup(ref.kind, refNamespace, ref.name);
    if (!found) return `spec.chart.spec.sourceRef: ${ref.kind} ${refNamespace ? `${refNamespace}/` : ''}${ref.name} is not in the input`;
    ledger.visit('spec.chart');
    const at = 'spec.chart.spec';
    for (const key of ['kind', 'name', 'namespace', 'apiVersion']) if (ref[key] !== undefined) ledger.carry(pathOf(`${at}.sourceRef`, key));
    source = { ...found.source };
    if (ref.kind === 'HelmRepository') {
      source.chart = chartSpec.chart;
      if (chartSpec.version !== undefined) source.targetRevision = chartSpec.version;
      else delete source.targetRevision;
      if (chartSpec.version !== undefined) ledger.carry(`${at}.version`);
    } else {
      source.path = chartSpec.chart;
      if (chartSpec.version !== undefined) ledger.ignore(`${at}.version`, 'a chart in Git is rendered at the repository’s revision');
    }
    if (chartSpec.chart !== undefined) ledger.carry(`${at}.chart`);
    if (Array.isArray(chartSpec.valuesFiles)) {
      // Flux reads them from the source's root for Git, from the chart for a Helm repository; Tideway from the chart.
      helm.valueFiles =
        ref.kind === 'GitRepository'
          ? chartSpec.valuesFiles.map((f: unknown) => (typeof f === 'string' ? relativeTo(String(chartSpec.chart ?? '.'), f) : f))
          : chartSpec.valuesFiles;
      ledger.carry(`${at}.valuesFiles`);
    }
    if (chartSpec.ignoreMissingValuesFiles !== undefined) {
      helm.ignoreMissingValueFiles = chartSpec.ignoreMissingValuesFiles;
      ledger.carry(`${at}.ignoreMissingValuesFiles`);
    }
    if (chartSpec.interval !== undefined)
      ledger.change(`${at}.interval`, 'Tideway looks for new chart versions each time it polls (spec.source.interval)');
    if (chartSpec.reconcileStrategy !== undefined)
      ledger.ignore(`${at}.reconcileStrategy`, 'Tideway renders the chart of each new source revision');
    loseKeys(chartSpec, at, { verify: 'Tideway does not verify cosign or notation signatures of charts' }, ledger);
    if (isMapping(spec.chart) && spec.chart.metadata !== undefined)
      ledger.lose('spec.chart.metadata', 'labels and annotations of Flux’s HelmChart object: Tideway makes none');
  } else if (isMapping(spec.chartRef)) {
    const ref = spec.chartRef;
    if (ref.kind !== 'OCIRepository' || typeof ref.name !== 'string')
      return `spec.chartRef: ${String(ref.kind)} is not imported (an OCIRepository is)`;
    const refNamespace = typeof ref.namespace === 'string' ? ref.namespace : namespace;
    const found = lookup('OCIRepository', refNamespace, ref.name);
    if (!found) return `spec.chartRef: OCIRepository ${refNamespace ? `${refNamespace}/` : ''}${ref.name} is not in the input`;
    for (const key of ['kind', 'name', 'namespace', 'apiVersion']) if (ref[key] !== undefined) ledger.carry(pathOf('spec.chartRef', key));
    source = { ...found.source };
  } else return 'spec.chart or spec.chartRef: one is required';

  const destinationNamespace = spec.targetNamespace ?? namespace;
  if (spec.targetNamespace !== undefined) ledger.carry('spec.targetNamespace');
  if (spec.releaseName !== undefined) {
    helm.releaseName = spec.releaseName;
    ledger.carry('spec.releaseName');
  } else if (spec.targetNamespace !== undefined) helm.releaseName = `${String(spec.targetNamespace)}-${name}`;
  if (isMapping(spec.values)) {
    helm.valuesObject = spec.values;
    ledger.carry('spec.values');
  }

  const syncOptions: string[] = [];
  if (isMapping(spec.install)) {
    const at = 'spec.install';
    ledger.visit(at);
    const crds = spec.install.crds;
    if (crds === 'Skip' || spec.install.skipCRDs === true) helm.skipCrds = true;
    if (crds !== undefined) {
      if (crds === 'CreateReplace')
        ledger.change(`${at}.crds`, 'Tideway applies the chart’s CRDs server-side: they are created and updated');
      else ledger.carry(`${at}.crds`);
    }
    if (spec.install.skipCRDs !== undefined) ledger.carry(`${at}.skipCRDs`);
    if (spec.install.createNamespace === true) syncOptions.push('CreateNamespace=true');
    if (spec.install.createNamespace !== undefined) ledger.carry(`${at}.createNamespace`);
    for (const key of Object.keys(spec.install))
      if (!['crds', 'skipCRDs', 'createNamespace'].includes(key)) ledger.lose(pathOf(at, key), NO_HELM_RELEASES);
  }
  if (isMapping(spec.test) && spec.test.enable === true)
    ledger.lose('spec.test', 'Tideway does not run Helm tests; it leaves out test hooks');
  else if (spec.test !== undefined) ledger.carry('spec.test');
  helm.skipTests = true; // Flux installs no test hooks unless it runs the tests.
  if (isMapping(spec.uninstall)) {
    ledger.visit('spec.uninstall');
    const propagation = spec.uninstall.deletionPropagation;
    if (typeof propagation === 'string') {
      syncOptions.push(`PrunePropagationPolicy=${propagation}`);
      ledger.carry('spec.uninstall.deletionPropagation');
    }
    for (const key of Object.keys(spec.uninstall))
      if (key !== 'deletionPropagation') ledger.lose(pathOf('spec.uninstall', key), NO_HELM_RELEASES);
  }

  let selfHeal = false;
  const ignoreDifferences: Mapping[] = [];
  if (isMapping(spec.driftDetection)) {
    const at = 'spec.driftDetection';
    ledger.visit(at);
    selfHeal = spec.driftDetection.mode === 'enabled';
    if (spec.driftDetection.mode === 'warn') ledger.change(`${at}.mode`, 'imported without self-heal; Tideway reports drift as OutOfSync');
    else if (spec.driftDetection.mode !== undefined) ledger.carry(`${at}.mode`);
    if (Array.isArray(spec.driftDetection.ignore)) {
      ledger.visit(`${at}.ignore`);
      spec.driftDetection.ignore.forEach((rule: unknown, i) => {
        const rAt = pathOf(`${at}.ignore`, i);
        const target = isMapping(rule) && isMapping(rule.target) ? rule.target : undefined;
        if (!isMapping(rule) || !target || typeof target.kind !== 'string' || !Array.isArray(rule.paths))
          return ledger.lose(rAt, 'Tideway’s ignoreDifferences need the target’s kind and the paths');
        ignoreDifferences.push({
          ...(target.group !== undefined && { group: target.group }),
          kind: target.kind,
          ...(target.name !== undefined && { name: target.name }),
          ...(target.namespace !== undefined && { namespace: target.namespace }),
          jsonPointers: rule.paths,
        });
        ledger.carry(pathOf(rAt, 'paths'));
        for (const key of ['group', 'kind', 'name', 'namespace']) if (target[key] !== undefined) ledger.carry(pathOf(`${rAt}.target`, key));
      });
    }
  }

  const suspended = spec.suspend === true;
  if (spec.suspend !== undefined) ledger.carry('spec.suspend');
  if (spec.interval !== undefined)
    ledger.change('spec.interval', 'Tideway reconciles each time it polls the source (spec.source.interval)');
  metadata.finalizers = [...((metadata.finalizers as unknown[] | undefined) ?? []), CASCADE_FINALIZER];

  const out: Mapping = {
    source: { ...source, helm },
    ...(destinationNamespace !== undefined && { destination: { namespace: destinationNamespace } }),
    ...(!suspended || syncOptions.length > 0
      ? { syncPolicy: { ...(!suspended && { automated: { prune: true, selfHeal } }), ...(syncOptions.length > 0 && { syncOptions }) } }
      : {}),
    ...(ignoreDifferences.length > 0 && { ignoreDifferences }),
  };
  if (Array.isArray(spec.dependsOn)) {
    out.dependsOn = spec.dependsOn.map((d: unknown, i) => {
      const at = pathOf('spec.dependsOn', i);
      if (!isMapping(d)) {
        ledger.carry(at);
        return d;
      }
      const copy: Mapping = {};
      for (const key of ['name', 'namespace'])
        if (d[key] !== undefined) {
          copy[key] = d[key];
          ledger.carry(pathOf(at, key));
        }
      return copy;
    });
  }
  loseKeys(
    spec,
    'spec',
    {
      valuesFrom: 'values from ConfigMaps or Secrets: put them in the values of the app (valuesObject) or a values file in Git',
      storageNamespace: NO_HELM_RELEASES,
      maxHistory: NO_HELM_RELEASES,
      upgrade: NO_HELM_RELEASES,
      rollback: NO_HELM_RELEASES,
      persistentClient: NO_HELM_RELEASES,
      timeout: 'Tideway has no per-app timeout',
      serviceAccountName: 'Tideway applies with the agent’s own credentials, not by impersonating a ServiceAccount',
      kubeConfig: 'register the cluster as a Secret labelled tideway.dev/secret-type: cluster and set spec.destination.name',
      postRenderers: 'Tideway has no post-renderers: put the chart in a kustomization (helmCharts) in Git',
      commonMetadata: 'Tideway adds no labels or annotations to the chart’s objects',
    },
    ledger,
  );
  return { apiVersion: APPLICATION_API_VERSION, kind: APPLICATION_KIND, metadata, spec: out };
}

/** `file` (relative to the repository root) as a path relative to the chart directory `chart`. */
function relativeTo(chart: string, file: string): string {
  const parts = (p: string) => p.split('/').filter((s) => s !== '' && s !== '.');
  const from = parts(chart);
  const to = parts(file);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}
