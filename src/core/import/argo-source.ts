import { isMapping, type Mapping } from '../application/field-checks.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import { carryKeys, loseKeys } from './import-metadata.js';

const HELM_CARRIED = [
  'releaseName',
  'valueFiles',
  'ignoreMissingValueFiles',
  'values',
  'valuesObject',
  'skipCrds',
  'skipTests',
  'namespace',
  'kubeVersion',
  'apiVersions',
  'passCredentials',
  'version',
];
const IN_KUSTOMIZATION = 'Tideway renders the kustomization as it is in Git: put it in kustomization.yaml';
const KUSTOMIZE_LOST: Record<string, string> = {
  namePrefix: `${IN_KUSTOMIZATION} (namePrefix)`,
  nameSuffix: `${IN_KUSTOMIZATION} (nameSuffix)`,
  images: `${IN_KUSTOMIZATION} (images)`,
  commonLabels: `${IN_KUSTOMIZATION} (labels)`,
  forceCommonLabels: `${IN_KUSTOMIZATION} (labels)`,
  labelWithoutSelector: `${IN_KUSTOMIZATION} (labels with includeSelectors: false)`,
  labelIncludeTemplates: `${IN_KUSTOMIZATION} (labels with includeTemplates)`,
  commonAnnotations: `${IN_KUSTOMIZATION} (commonAnnotations)`,
  forceCommonAnnotations: `${IN_KUSTOMIZATION} (commonAnnotations)`,
  commonAnnotationsEnvsubst: 'Tideway does not substitute Argo CD build environment variables',
  namespace: `${IN_KUSTOMIZATION} (namespace)`,
  replicas: `${IN_KUSTOMIZATION} (replicas)`,
  patches: `${IN_KUSTOMIZATION} (patches)`,
  components: `${IN_KUSTOMIZATION} (components)`,
  ignoreMissingComponents: `${IN_KUSTOMIZATION} (components)`,
  version: 'Tideway uses its built-in kustomize, not a chosen kustomize binary',
  kubeVersion: 'Tideway passes no Kubernetes version to kustomize',
  apiVersions: 'Tideway passes no API versions to kustomize',
};

/**
 * One Argo CD source (`spec.source` or `spec.sources[i]`) as a Tideway source: repoURL,
 * targetRevision, path, chart, ref, directory (recurse, include, exclude) and helm carry over; the
 * kustomize overrides, jsonnet and plugins have no Tideway field and are reported lost.
 */
export function importArgoSource(src: Mapping, path: string, ledger: FieldLedger, keepRef: boolean): Mapping {
  const out: Mapping = {};
  carryKeys(src, path, out, ['repoURL', 'targetRevision', 'path', 'chart'], ledger);
  if (keepRef) carryKeys(src, path, out, ['ref'], ledger);
  loseKeys(
    src,
    path,
    {
      name: 'a source name is only shown by Argo CD',
      plugin: 'Config Management Plugins do not exist in Tideway: commit the rendered output, or use a kustomization or chart',
    },
    ledger,
  );

  if (isMapping(src.directory)) {
    const at = pathOf(path, 'directory');
    const directory: Mapping = {};
    carryKeys(src.directory, at, directory, ['recurse', 'include', 'exclude'], ledger);
    loseKeys(src.directory, at, { jsonnet: 'Tideway does not render Jsonnet' }, ledger);
    if (Object.keys(directory).length > 0) out.directory = directory;
    else if (Object.keys(src.directory).length === 0) ledger.carry(at);
  }

  if (isMapping(src.helm)) {
    const at = pathOf(path, 'helm');
    const helm: Mapping = {};
    carryKeys(src.helm, at, helm, HELM_CARRIED, ledger);
    loseKeys(src.helm, at, { skipSchemaValidation: 'Tideway always validates values against the chart’s values.schema.json' }, ledger);
    for (const list of ['parameters', 'fileParameters'] as const) {
      const items = src.helm[list];
      if (!Array.isArray(items)) continue;
      helm[list] = items.map((item: unknown, i) => {
        const itemAt = pathOf(pathOf(at, list), i);
        if (!isMapping(item)) {
          ledger.carry(itemAt);
          return item;
        }
        const copy: Mapping = {};
        carryKeys(item, itemAt, copy, list === 'parameters' ? ['name', 'value', 'forceString'] : ['name', 'path'], ledger);
        return copy;
      });
      if (items.length === 0) ledger.carry(pathOf(at, list));
    }
    if (Object.keys(helm).length > 0) out.helm = helm;
    else if (Object.keys(src.helm).length === 0) ledger.carry(at);
  }

  if (isMapping(src.kustomize)) {
    const at = pathOf(path, 'kustomize');
    loseKeys(src.kustomize, at, KUSTOMIZE_LOST, ledger);
    if (Object.keys(src.kustomize).length === 0) ledger.carry(at);
  }
  return out;
}
