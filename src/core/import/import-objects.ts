import { ValidationError } from '../errors.js';
import { isMapping, type Mapping } from '../application/field-checks.js';
import { resolveApplication } from '../application/resolve-application.js';
import { resolveProject } from '../project/resolve-project.js';
import { importArgoApplication } from './argo-application.js';
import { importArgoProject } from './argo-project.js';
import { FieldLedger, type ImportFinding } from './field-ledger.js';
import { importFluxGitRepository, type FluxGitSource } from './flux-git-repository.js';
import { importFluxKustomization, type FluxSourceLookup } from './flux-kustomization.js';
import { importFluxHelmRepository, importFluxOCIRepository } from './flux-chart-sources.js';
import { importFluxHelmRelease } from './flux-helm-release.js';

export interface ImportInput {
  object: unknown;
  /** Where it was read: `apps.yaml:12`. */
  where: string;
}

export interface ImportResult {
  where: string;
  /** What the input object is: `Application argocd/guestbook`. */
  subject: string;
  /** The Tideway Application or Project made from it (absent for a source consumed by others, or on error). */
  output?: Mapping;
  /** Every field of the input that was not carried over as it was. */
  findings: ImportFinding[];
  /** Why nothing could be made: invalid input, or a converted object the Tideway validator refuses. */
  error?: string;
}

const ARGO = 'argoproj.io';
const FLUX_SOURCE = 'source.toolkit.fluxcd.io';
const FLUX_KUSTOMIZE = 'kustomize.toolkit.fluxcd.io';
const FLUX_HELM = 'helm.toolkit.fluxcd.io';

const SOURCE_CONVERTERS: Record<string, (input: Mapping, ledger: FieldLedger) => FluxGitSource> = {
  GitRepository: importFluxGitRepository,
  HelmRepository: importFluxHelmRepository,
  OCIRepository: importFluxOCIRepository,
};

const UNSUPPORTED: Record<string, string> = {
  [`${ARGO}/ApplicationSet`]:
    'ApplicationSets are not imported: import the Applications Argo CD generated (kubectl get applications -n argocd -o yaml)',
  [`${FLUX_SOURCE}/Bucket`]: 'Tideway has no S3-compatible bucket source',
  [`${FLUX_SOURCE}/HelmChart`]: 'HelmCharts are made by Flux from HelmReleases: import the HelmRelease',
  [`${FLUX_SOURCE}/ExternalArtifact`]: 'Tideway has no external artifact source',
};

/**
 * Converts Argo CD Applications and AppProjects, and Flux Kustomizations and HelmReleases with the
 * sources they name, into Tideway Applications and Projects. One result per input object, in input
 * order (a source's findings are its own, reported once); every converted object is validated
 * with the resolver the CLI and agent use. One bad object never stops the others.
 */
export function importObjects(inputs: readonly ImportInput[]): ImportResult[] {
  const entries = inputs.map((input) => ({ ...input, ...identify(input.object) }));
  const sources = new Map<string, { ledger: FieldLedger; converted: FluxGitSource; used: boolean }>();
  for (const e of entries) {
    const convert = e.group === FLUX_SOURCE ? SOURCE_CONVERTERS[e.kind] : undefined;
    if (convert && isMapping(e.object)) {
      const ledger = new FieldLedger(e.object);
      importIdentity(e.object, ledger);
      sources.set(key(e.kind, e.namespace, e.name), { ledger, converted: convert(e.object, ledger), used: false });
    }
  }
  const lookup: FluxSourceLookup = (kind, namespace, name) => {
    const found = sources.get(key(kind, namespace, name));
    if (found) found.used = true;
    return found?.converted;
  };
  const seen = new Set<string>();
  const results: (ImportResult | undefined)[] = entries.map((e): ImportResult | undefined => {
    const base = subjectOf(e);
    if (!isMapping(e.object)) return { ...base, findings: [], error: 'not a mapping' };
    const unsupported = UNSUPPORTED[`${e.group}/${e.kind}`];
    if (unsupported) return { ...base, findings: [{ path: '(object)', level: 'lost', reason: unsupported }] };
    const ledger = new FieldLedger(e.object);
    let output: Mapping | string;
    if (e.group === ARGO && e.kind === 'Application') output = importArgoApplication(e.object, ledger);
    else if (e.group === ARGO && e.kind === 'AppProject') output = importArgoProject(e.object, ledger);
    else if (e.group === FLUX_KUSTOMIZE && e.kind === 'Kustomization') output = importFluxKustomization(e.object, ledger, lookup);
    else if (e.group === FLUX_SOURCE && SOURCE_CONVERTERS[e.kind]) return undefined;
    else if (e.group === FLUX_HELM && e.kind === 'HelmRelease') output = importFluxHelmRelease(e.object, ledger, lookup);
    else
      return {
        ...base,
        findings: [],
        error: `not an Argo CD or Flux object this command imports (apiVersion ${e.apiVersion || '(none)'})`,
      };

    // An object that could not be converted has no field account: the error says why.
    if (typeof output === 'string') return { ...base, findings: [], error: output };
    const findings = ledger.findings();
    const error = validate(output);
    if (error) return { ...base, findings, error };
    const outKey = `${String(output.kind)}/${key('', e.namespace, e.name)}`;
    if (seen.has(outKey)) return { ...base, findings, error: `a ${String(output.kind)} named ${e.name} was already made from the input` };
    seen.add(outKey);
    return { ...base, output, findings };
  });
  // Flux sources last: whether a Kustomization or HelmRelease used them is known only now.
  return results.map((result, i) => {
    if (result) return result;
    const e = entries[i]!;
    const repo = sources.get(key(e.kind, e.namespace, e.name))!;
    const findings = repo.ledger.findings();
    if (!repo.used) findings.unshift({ path: '(object)', level: 'lost', reason: 'no Kustomization or HelmRelease in the input uses it' });
    return { ...subjectOf(e), findings };
  });
}

function subjectOf(e: { where: string; kind: string; namespace?: string; name: string }): { where: string; subject: string } {
  return { where: e.where, subject: `${e.kind || '(no kind)'} ${e.namespace ? `${e.namespace}/` : ''}${e.name || '(no name)'}` };
}

function identify(object: unknown): { apiVersion: string; group: string; kind: string; name: string; namespace?: string } {
  const o = isMapping(object) ? object : {};
  const metadata = isMapping(o.metadata) ? o.metadata : {};
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  return {
    apiVersion,
    group: apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(typeof metadata.namespace === 'string' && { namespace: metadata.namespace }),
  };
}

/** A GitRepository's identity fields are carried into the apps that use it. */
function importIdentity(object: Mapping, ledger: FieldLedger): void {
  const metadata = isMapping(object.metadata) ? object.metadata : {};
  for (const k of ['name', 'namespace', 'labels', 'annotations'])
    if (metadata[k] !== undefined) ledger.ignore(`metadata.${k}`, 'the source’s own metadata; its apps have theirs');
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'finalizers'])
    if (metadata[k] !== undefined) ledger.ignore(`metadata.${k}`, 'written by the API server or Flux');
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function validate(output: Mapping): string | undefined {
  try {
    if (output.kind === 'Project') resolveProject(output);
    else resolveApplication(output);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return `the converted ${String(output.kind)} is not valid: ${error.message}`;
    throw error;
  }
}
